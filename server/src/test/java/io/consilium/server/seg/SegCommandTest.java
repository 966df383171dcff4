package io.consilium.server.seg;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Segmentation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.awt.image.Raster;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code consilium seg ...} end to end with the bundled model, small synthetic data. */
@QuarkusMainTest
class SegCommandTest {

    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    @Test
    void evalWritesTheReportAsJsonAndPlot(QuarkusMainLauncher launcher) throws Exception {
        Path json = Files.createTempDirectory("seg-eval").resolve("report.json");

        LaunchResult result = launcher.launch("seg", "eval", "--cases", "6", "--size", "64", "--budget", "0.1",
                "--json", json.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("AI-only Dice").contains("System Dice").contains("Coverage-Dice");
        String report = Files.readString(json);
        for (String key : new String[] {"\"ai_only_dice\"", "\"system_dice\"", "\"random_deferral_system_dice\"",
            "\"deferral_rate\"", "\"expert_share\": [", "\"ece\""}) {
            assertThat(report).contains(key);
        }
        assertThat(ImageIO.read(json.resolveSibling("report-coverage-dice.png").toFile())).isNotNull();
    }

    @Test
    void inferWritesMaskDeferralMapAndConfidence(QuarkusMainLauncher launcher) throws Exception {
        Path data = Files.createTempDirectory("seg-data");
        assertThat(launcher.launch("seg", "generate", "--out", data.toString(), "--cases", "1", "--size", "64")
                .exitCode()).isZero();
        Path slice;
        try (var cases = Files.list(data.resolve("cases"))) {
            slice = cases.findFirst().orElseThrow().resolve("image.png");
        }
        Path out = data.resolve("out");

        LaunchResult result = launcher.launch("seg", "infer", slice.toString(), "--box", "8,8,56,56", "--out",
                out.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("Segmented 64x64 slice");
        for (String png : new String[] {"mask.png", "deferral-map.png", "confidence.png"}) {
            assertThat(ImageIO.read(out.resolve(png).toFile()).getWidth()).isEqualTo(64);
        }
        assertThat(Files.readString(out.resolve("result.json"))).contains("\"deferral_rate\"");
    }

    @Test
    void inferOnADicomSliceAlsoWritesADicomSegOverIt(QuarkusMainLauncher launcher) throws Exception {
        Path data = Files.createTempDirectory("seg-dicom");
        assertThat(launcher.launch("seg", "generate", "--out", data.toString(), "--cases", "1", "--size", "64")
                .exitCode()).isZero();
        Path png;
        try (var cases = Files.list(data.resolve("cases"))) {
            png = cases.findFirst().orElseThrow().resolve("image.png");
        }
        Path dcm = data.resolve("slice");
        DicomFile ct = ctSlice(png);
        ct.write(dcm);
        Path out = data.resolve("out");

        // No file extension, as files come from a PACS: recognised by the Part 10 preamble.
        LaunchResult result = launcher.launch("seg", "infer", dcm.toString(), "--box", "8,8,56,56", "--out",
                out.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(Files.readString(out.resolve("result.json"))).contains("\"seg.dcm\"");
        Dataset seg = DicomFile.read(out.resolve("seg.dcm")).dataset();
        assertThat(seg.string(new Tag(0x0008, 0x0016))).isEqualTo(Segmentation.SOP_CLASS_UID);
        assertThat(seg.string(new Tag(0x0020, 0x000D))).isEqualTo(ct.dataset().string(new Tag(0x0020, 0x000D)));
        List<Dataset> segments = seg.sequence(new Tag(0x0062, 0x0002));
        assertThat(segments).extracting(s -> s.string(new Tag(0x0062, 0x0005)))
                .containsExactly("AI segmentation", "Deferred to expert 1", "Deferred to expert 2",
                        "Deferred to expert 3");
        Dataset referenced = seg.sequence(new Tag(0x0008, 0x1115)).get(0);
        assertThat(referenced.string(new Tag(0x0020, 0x000E))).isEqualTo(ct.dataset().string(new Tag(0x0020, 0x000E)));
    }

    @Test
    void badInputGetsAClearErrorNotAStackTrace(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("seg-bad");
        Path dcm = Files.writeString(dir.resolve("slice.dcm"), "not DICOM at all");
        LaunchResult dicom = launcher.launch("seg", "infer", dcm.toString(), "--box", "1,1,5,5", "--out",
                dir.resolve("o").toString());
        assertThat(dicom.exitCode()).isEqualTo(2);
        assertThat(dicom.getErrorOutput()).contains("is not a readable DICOM image");

        assertThat(launcher.launch("seg", "generate", "--out", dir.toString(), "--cases", "1", "--size", "48")
                .exitCode()).isZero();
        Path slice;
        try (var cases = Files.list(dir.resolve("cases"))) {
            slice = cases.findFirst().orElseThrow().resolve("image.png");
        }
        LaunchResult outside = launcher.launch("seg", "infer", slice.toString(), "--box", "10,10,90,90", "--out",
                dir.resolve("o").toString());
        assertThat(outside.exitCode()).isNotZero();
        assertThat(outside.getErrorOutput()).contains("outside the 48x48 image");
    }

    /** A CT slice (16-bit, HU = 4 x gray - 500) carrying the phantom's image, as a scanner would write it. */
    private static DicomFile ctSlice(Path png) throws Exception {
        Raster raster = ImageIO.read(png.toFile()).getRaster();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] gray = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
        ByteBuffer pixels = ByteBuffer.allocate(w * h * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : gray) {
            pixels.putShort((short) (4 * v - 500 + 1024));
        }
        String study = Segmentation.newUid();
        String series = Segmentation.newUid();
        String sop = Segmentation.newUid();
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, sop);
        ds.putString(new Tag(0x0008, 0x0060), VR.CS, "CT");
        ds.putString(new Tag(0x0010, 0x0020), VR.LO, "SEG-INFER-TEST");
        ds.putString(new Tag(0x0020, 0x000D), VR.UI, study);
        ds.putString(new Tag(0x0020, 0x000E), VR.UI, series);
        ds.putString(new Tag(0x0020, 0x0013), VR.IS, "1");
        ds.putDoubles(new Tag(0x0020, 0x0032), VR.DS, -32, -32, 0);
        ds.putDoubles(new Tag(0x0020, 0x0037), VR.DS, 1, 0, 0, 0, 1, 0);
        ds.putString(new Tag(0x0020, 0x0052), VR.UI, Segmentation.newUid());
        ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
        ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
        ds.putInts(new Tag(0x0028, 0x0010), VR.US, h);
        ds.putInts(new Tag(0x0028, 0x0011), VR.US, w);
        ds.putDoubles(new Tag(0x0028, 0x0030), VR.DS, 1, 1);
        ds.putInts(new Tag(0x0028, 0x0100), VR.US, 16);
        ds.putInts(new Tag(0x0028, 0x0101), VR.US, 16);
        ds.putInts(new Tag(0x0028, 0x0102), VR.US, 15);
        ds.putInts(new Tag(0x0028, 0x0103), VR.US, 0);
        ds.putDoubles(new Tag(0x0028, 0x1050), VR.DS, 4 * 127.5 - 500);
        ds.putDoubles(new Tag(0x0028, 0x1051), VR.DS, 4 * 255);
        ds.putDoubles(new Tag(0x0028, 0x1052), VR.DS, -1024);
        ds.putDoubles(new Tag(0x0028, 0x1053), VR.DS, 1);
        ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OW, pixels.array()));
        return new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, sop,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }
}
