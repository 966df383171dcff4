package io.consilium.server.seg;

import io.consilium.seg.DatasetDirectory;
import io.consilium.seg.RealReaderData;
import io.consilium.seg.RealReaderProtocol;
import io.consilium.seg.SegmentationDataset;
import io.consilium.seg.SyntheticPhantoms;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The cases a command works on: a published multi-reader layout (LIDC-IDRI slices, STARE) under the real-reader
 * protocol, a dataset directory, or synthetic phantoms.
 */
final class SegData {

    /** Seed of the held-out synthetic evaluation set; training uses other seeds. */
    static final long HELD_OUT_SEED = 20261127L;

    private SegData() {
    }

    /** Whether {@code dir} is a published multi-reader layout rather than a dataset directory. */
    static boolean isRealReaders(Path dir) {
        return dir != null && RealReaderData.detect(dir) != null;
    }

    /** The training cases of {@code dir} (its training split when it is a multi-reader layout). */
    static SegmentationDataset training(Path dir, RealReaderProtocol.Experts experts, long syntheticSeed, int cases,
            int size, int syntheticExperts) throws IOException {
        if (isRealReaders(dir)) {
            return RealReaderProtocol.trainingSet(RealReaderData.read(dir), RealReaderProtocol.Split.TRAIN, experts);
        }
        return load(dir, syntheticSeed, cases, size, syntheticExperts);
    }

    static SegmentationDataset load(Path dir, long syntheticSeed, int cases, int size, int experts)
            throws IOException {
        if (dir != null) {
            return DatasetDirectory.read(dir);
        }
        return SyntheticPhantoms.generate(syntheticSeed, cases, size, experts);
    }
}
