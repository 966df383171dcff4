package io.consilium.server.seg;

import io.consilium.seg.DatasetDirectory;
import io.consilium.seg.SegmentationDataset;
import io.consilium.seg.SyntheticPhantoms;
import java.io.IOException;
import java.nio.file.Path;

/** The cases a command works on: a dataset directory, or synthetic phantoms. */
final class SegData {

    /** Seed of the held-out synthetic evaluation set; training uses other seeds. */
    static final long HELD_OUT_SEED = 20261127L;

    private SegData() {
    }

    static SegmentationDataset load(Path dir, long syntheticSeed, int cases, int size, int experts)
            throws IOException {
        if (dir != null) {
            return DatasetDirectory.read(dir);
        }
        return SyntheticPhantoms.generate(syntheticSeed, cases, size, experts);
    }
}
