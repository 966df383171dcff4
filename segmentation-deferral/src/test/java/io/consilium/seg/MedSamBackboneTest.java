package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MedSAM adapter on ONNX Runtime (through DJL), against a tiny export with MedSAM's exact signature. */
class MedSamBackboneTest {

    @TempDir
    static Path dir;
    static Path encoder;
    static Path decoder;

    @BeforeAll
    static void export() throws Exception {
        encoder = dir.resolve("medsam_encoder.onnx");
        decoder = dir.resolve("medsam_decoder.onnx");
        TinyMedSamExport.write(encoder, decoder);
    }

    @Test
    void foregroundFollowsTheContractBackToTheSliceSize() throws Exception {
        // A 300x200 slice (not square: resized by the longest side, padded) with a bright block.
        int w = 300;
        int h = 200;
        float[] pixels = new float[w * h];
        for (int y = 50; y < 150; y++) {
            for (int x = 100; x < 220; x++) {
                pixels[y * w + x] = 1f;
            }
        }
        try (MedSamBackbone medsam = MedSamBackbone.load(encoder, decoder)) {
            float[] p = medsam.foreground(ImageSlice.of(w, h, 1, pixels), new BoxPrompt(90, 40, 230, 160));

            assertThat(p).hasSize(w * h);
            assertThat(p[100 * w + 160]).as("inside the bright block").isGreaterThan(0.95f);
            assertThat(p[10 * w + 10]).as("dark corner").isLessThan(0.05f);
            assertThat(p[190 * w + 290]).as("bottom right, under the padding").isLessThan(0.05f);
        }
    }

    @Test
    void aModelWithoutTheMedSamSignatureIsRefusedByName() throws Exception {
        try (MedSamBackbone swapped = MedSamBackbone.load(encoder, encoder)) {
            assertThatThrownBy(() -> swapped.foreground(ImageSlice.of(8, 8, 1, new float[64]), new BoxPrompt(1, 1, 7, 7)))
                    .hasMessageContaining("MedSAM");
        }
        assertThatThrownBy(() -> MedSamBackbone.load(dir.resolve("missing.onnx"), decoder))
                .hasMessageContaining("MedSAM encoder not found");
    }

    @Test
    void deferralHeadTrainsOnTopOfTheBackbone() throws Exception {
        SegmentationDataset data = SyntheticPhantoms.generate(21, 4, 64, 3);
        TrainingSettings settings = new TrainingSettings(4, 1, 4, 0.01f, 5, 0.7, 0.1, 0.05);
        try (MedSamBackbone medsam = MedSamBackbone.load(encoder, decoder);
                DeferredSegmentor head = DeferralTraining.train(data, settings, dir.resolve("head"), false, p -> { },
                        medsam)) {
            assertThat(head.cardValue("input-channels")).isEqualTo("3");
            assertThat(head.cardValue("backbone")).contains("medsam_encoder.onnx");
            SegmentationCase c = data.cases().get(0);
            RoutedImage routed = head.segment(c.image(), c.box(), InferenceControls.UNCONSTRAINED);
            assertThat(routed.deferralMap().workload()).hasSize(3);
        }
        assertThatThrownBy(() -> DeferredSegmentor.load(dir.resolve("head")))
                .hasMessageContaining("trained on top of MedSAM");
    }
}
