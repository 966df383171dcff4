package io.consilium.server.seg;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@code consilium seg ...} end to end with the bundled model, small synthetic data. */
@QuarkusMainTest
class SegCommandTest {

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
    void badInputGetsAClearErrorNotAStackTrace(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("seg-bad");
        Path dcm = Files.writeString(dir.resolve("slice.dcm"), "not yet");
        LaunchResult dicom = launcher.launch("seg", "infer", dcm.toString(), "--box", "1,1,5,5", "--out",
                dir.resolve("o").toString());
        assertThat(dicom.exitCode()).isEqualTo(2);
        assertThat(dicom.getErrorOutput()).contains("Export the slice as a PNG");

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
}
