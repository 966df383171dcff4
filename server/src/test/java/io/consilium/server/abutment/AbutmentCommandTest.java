package io.consilium.server.abutment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The abutment command line as a technician uses it, with the bundled weights. */
@QuarkusMainTest
class AbutmentCommandTest {

    static final String EXAMPLE = "../abutment-design/examples/bridge-35-37.json";

    @Test
    void proposesTheBridgeAndWritesCheckedMeshes(QuarkusMainLauncher launcher) throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "abutment-propose");
        LaunchResult result = launcher.launch("abutment", "propose", EXAMPLE, "--out", out.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("Proposal for case example-bridge-35-37")
                .contains("bridge B1 [35, 36, 37]").contains("watertight");
        JsonNode proposal = new ObjectMapper().readTree(out.resolve("proposal.json").toFile());
        assertThat(proposal.get("abutments")).hasSize(3);
        for (int tooth : new int[] {35, 36, 37}) {
            Path stl = out.resolve("abutment-" + tooth + ".stl");
            assertThat(stl).exists();
            assertThat(Files.size(stl)).isGreaterThan(84);
        }
    }

    @Test
    void badInputIsAClearErrorAndWritesNothing(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "abutment-bad");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(Path.of(EXAMPLE)).replaceFirst("Straumann BLT", "Acme Fixture"));
        LaunchResult result = launcher.launch("abutment", "propose", bad.toString(), "--out",
                dir.resolve("out").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("invalid case").contains("sites[0].implant.system")
                .contains("unknown implant system 'Acme Fixture'");
        assertThat(dir.resolve("out")).doesNotExist();

        LaunchResult missing = launcher.launch("abutment", "propose", dir.resolve("none.json").toString(), "--out",
                dir.resolve("out").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.getErrorOutput()).contains("does not exist");
    }

    @Test
    void evaluatesWithAblationsAndWritesTheReport(QuarkusMainLauncher launcher) throws Exception {
        Path json = Files.createTempDirectory(Path.of("target"), "abutment-eval").resolve("report.json");
        LaunchResult result = launcher.launch("abutment", "eval", "--cases", "30", "--json", json.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        for (String key : new String[] {"mae", "within_tolerance", "violations_before", "violations_after",
            "ablation_no_text_mae", "ablation_single_expert_mae", "expert_specialisation"}) {
            assertThat(report.has(key)).as(key).isTrue();
        }
        assertThat(report.get("violations_after").asInt()).isZero();
        assertThat(report.get("mae").get("marginHeightBuccal").asDouble()).isPositive();
        assertThat(report.get("expert_specialisation").get("dominant_expert_by_style").size()).isEqualTo(3);
        assertThat(result.getOutput()).contains("constraint violations:").contains("expert specialisation:");
    }

    @Test
    void trainsWithAProgressBar(QuarkusMainLauncher launcher) throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "abutment-train");
        LaunchResult result = launcher.launch("abutment", "train", "--variant", "full", "--cases", "20",
                "--epochs", "1", "--out", out.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getErrorOutput()).contains("full").contains("epoch 1/1").contains("ETA");
        assertThat(out.resolve("full.params")).exists();
        assertThat(out.resolve("full.json")).exists();
    }
}
