package io.consilium.server.seg;

import io.consilium.seg.MedSamBackbone;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --medsam-encoder/--medsam-decoder}: run the DeferredSeg head on top of a MedSAM ONNX export. */
class MedSamOptions {

    @Option(names = "--medsam-encoder", description = "MedSAM image encoder exported to ONNX (with --medsam-decoder)")
    Path encoder;

    @Option(names = "--medsam-decoder", description = "MedSAM mask decoder exported to ONNX (with --medsam-encoder)")
    Path decoder;

    /** The backbone, or null when neither option is given. */
    MedSamBackbone open() throws IOException {
        if (encoder == null && decoder == null) {
            return null;
        }
        if (encoder == null || decoder == null) {
            throw new IllegalArgumentException("give both --medsam-encoder and --medsam-decoder");
        }
        return MedSamBackbone.load(encoder, decoder);
    }
}
