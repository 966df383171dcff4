package io.consilium.server.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.PixelData;
import io.consilium.dicom.TransferSyntax;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dicom} subcommands on Debian's python3-pydicom sample files (installed by scripts/setup.sh). */
@QuarkusMainTest
class DicomCommandTest {

    static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    @TempDir
    Path tmp;

    @Test
    void dumpPrintsDcmdumpLines(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("dicom", "dump", SAMPLES.resolve("CT_small.dcm").toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput())
                .contains("# Used TransferSyntax: Little Endian Explicit")
                .contains("(0010,0010) PN [CompressedSamples^CT1]                  #  22, 1 PatientName")
                .contains("  (fffe,e000) na (Item with explicit length #=2)          #  28, 1 Item")
                .contains("    (0010,0020) LO [ABCD1234]                               #   8, 1 PatientID");
    }

    @Test
    void validateExitsNonZeroWithTheReason(QuarkusMainLauncher launcher) throws Exception {
        Path truncated = tmp.resolve("cut.dcm");
        byte[] whole = Files.readAllBytes(SAMPLES.resolve("CT_small.dcm"));
        Files.write(truncated, Arrays.copyOf(whole, 5000));
        LaunchResult bad = launcher.launch("dicom", "validate", truncated.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.getErrorOutput()).contains("invalid").contains("exceeds").contains("offset");

        LaunchResult good = launcher.launch("dicom", "validate", SAMPLES.resolve("MR_small_RLE.dcm").toString());
        assertThat(good.exitCode()).isZero();
        assertThat(good.getOutput()).contains("valid (RLE Lossless");
    }

    @Test
    void pixelsWritesTheRenderedFrame(QuarkusMainLauncher launcher) throws Exception {
        Path png = tmp.resolve("frame2.png");
        LaunchResult result = launcher.launch("dicom", "pixels", SAMPLES.resolve("SC_rgb_rle_2frame.dcm").toString(),
                "--frame", "2", "--out", png.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        BufferedImage expected = PixelData.of(DicomFile.read(SAMPLES.resolve("SC_rgb_rle_2frame.dcm"))).render(1);
        assertThat(image.getWidth()).isEqualTo(expected.getWidth());
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(expected.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void transcodeDecodesToTheRequestedSyntax(QuarkusMainLauncher launcher) throws Exception {
        Path out = tmp.resolve("plain.dcm");
        LaunchResult result = launcher.launch("dicom", "transcode", SAMPLES.resolve("MR_small_RLE.dcm").toString(),
                "--ts", "1.2.840.10008.1.2", "--out", out.toString());
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        DicomFile written = DicomFile.read(out);
        assertThat(written.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(PixelData.of(written).storedValues(0))
                .containsExactly(PixelData.of(DicomFile.read(SAMPLES.resolve("MR_small.dcm"))).storedValues(0));

        LaunchResult refused = launcher.launch("dicom", "transcode", SAMPLES.resolve("MR_small.dcm").toString(),
                "--ts", "1.2.840.10008.1.2.4.80", "--out", tmp.resolve("x.dcm").toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.getErrorOutput()).contains("unsupported transfer syntax 1.2.840.10008.1.2.4.80");
    }
}
