package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void writtenSyntheticSetReadsBackThroughTheSameApi() throws Exception {
        SegmentationDataset data = SyntheticPhantoms.generate(3, 3, 48, 2);

        DatasetDirectory.write(data, dir);
        SegmentationDataset read = DatasetDirectory.read(dir);

        assertThat(read.size()).isEqualTo(3);
        assertThat(read.classes()).isEqualTo(2);
        assertThat(read.experts()).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            SegmentationCase a = data.cases().get(i);
            SegmentationCase b = read.cases().get(i);
            assertThat(b.box()).isEqualTo(a.box());
            assertThat(b.reference()).containsExactly(a.reference());
            assertThat(b.expertMasks().get(1)).containsExactly(a.expertMasks().get(1));
            // 8-bit PNG: intensities within half a grey level.
            float[] pa = a.image().pixels();
            float[] pb = b.image().pixels();
            for (int p = 0; p < pa.length; p++) {
                assertThat(Math.abs(pa[p] - pb[p])).isLessThanOrEqualTo(0.5f / 255 + 1e-6f);
            }
        }
    }

    @Test
    void missingExpertMaskIsNamed() throws Exception {
        DatasetDirectory.write(SyntheticPhantoms.generate(3, 1, 48, 2), dir);
        Path caseDir;
        try (var list = Files.list(dir.resolve("cases"))) {
            caseDir = list.findFirst().orElseThrow();
        }
        Files.delete(caseDir.resolve("expert-2.png"));

        assertThatThrownBy(() -> DatasetDirectory.read(dir)).hasMessageContaining("expert-2.png");
    }

    @Test
    void labelsBeyondTheClassesAreRefused() throws Exception {
        DatasetDirectory.write(SyntheticPhantoms.generate(3, 1, 48, 2), dir);
        Path caseDir;
        try (var list = Files.list(dir.resolve("cases"))) {
            caseDir = list.findFirst().orElseThrow();
        }
        SliceImages.writeLabels(caseDir.resolve("reference.png"), filled(48 * 48, (byte) 7), 48, 48);

        assertThatThrownBy(() -> DatasetDirectory.read(dir)).hasMessageContaining("label 7")
                .hasMessageContaining("reference.png");
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }
}
