package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.conformance.Dcmtk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3, point 4: the SEG we write is read by dcmdump and passes dicom3tools' dciodvfy without errors. */
class SegmentationTest {

    private static final Tag STUDY_DESCRIPTION = new Tag(0x0008, 0x1030);

    @TempDir
    Path tmp;

    @Test
    void twoSegmentSegIsValidForDcmtkAndDciodvfy() throws Exception {
        List<DicomFile> slices = SyntheticSeries.ct("1.2.826.0.1.3680043.10.7", 4, 16, 0.8, 2);
        slices.forEach(s -> s.dataset().putString(STUDY_DESCRIPTION, VR.LO, "CT abdomen"));
        Volume ct = Volume.of(slices);
        boolean[] liver = new boolean[16 * 16 * 4];
        boolean[] lesion = new boolean[16 * 16 * 4];
        for (int i = 0; i < liver.length; i++) {
            liver[i] = i % 16 < 8;
            lesion[i] = i % 16 == 3 && i / 256 == 2;
        }
        DicomFile seg = Segmentation.of(ct).algorithm("DeferredSeg", "0.1.0")
                .segment("Liver", Segmentation.ANATOMICAL_STRUCTURE, Segmentation.LIVER,
                        Segmentation.AlgorithmType.SEMIAUTOMATIC, liver)
                .segment("Lesion", Segmentation.TISSUE, new Segmentation.Code("52988006", "SCT", "Lesion"),
                        Segmentation.AlgorithmType.AUTOMATIC, lesion)
                .build();
        Path file = tmp.resolve("seg.dcm");
        seg.write(file);

        DicomFile back = DicomFile.read(file);
        assertThat(back.dataset().sequence(new Tag(0x0062, 0x0002))).extracting(s -> s.string(new Tag(0x0062, 0x0005)))
                .containsExactly("Liver", "Lesion");
        assertThat(back.dataset().sequence(new Tag(0x0062, 0x0002))).extracting(s -> s.string(new Tag(0x0062, 0x0008)))
                .containsExactly("SEMIAUTOMATIC", "AUTOMATIC");
        assertThat(back.dataset().string(STUDY_DESCRIPTION)).isEqualTo("CT abdomen");
        PixelData pixels = PixelData.of(back);
        assertThat(pixels.frames()).isEqualTo(8);
        int[] liverSlice0 = pixels.storedValues(0);
        assertThat(liverSlice0[0]).isEqualTo(1);
        assertThat(liverSlice0[8]).isZero();
        int[] lesionSlice2 = pixels.storedValues(4 + 2);
        assertThat(java.util.Arrays.stream(lesionSlice2).sum()).isEqualTo(16);

        Dcmtk.requireInstalled();
        assertThat(Dcmtk.exec(List.of("dcmdump", "-q", file.toString()))).isZero();
        String report = dciodvfy(file);
        assertThat(report.lines().filter(l -> l.startsWith("Error"))).as(report).isEmpty();

        back.dataset().remove(new Tag(0x0062, 0x0002));
        Path broken = tmp.resolve("broken.dcm");
        back.write(broken);
        assertThat(dciodvfy(broken)).contains("Missing attribute Type 1 Required Element=<SegmentSequence>");
    }

    private static String dciodvfy(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
