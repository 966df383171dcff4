package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./consilium abutment propose} from the packaged jar: DJL loads PyTorch offline from the class path. */
class AbutmentPackagedIT {

    @TempDir
    Path work;

    @Test
    void proposesFromThePackagedApplication() throws Exception {
        Path out = work.resolve("out");
        var result = new PackagedApplication(work, Map.of(), List.of("-Dquarkus.http.host-enabled=false"),
                "abutment", "propose",
                Path.of("../abutment-design/examples/single-11.json").toAbsolutePath().toString(), "--out",
                out.toString()).run();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Proposal for case example-single-11").contains("watertight");
        assertThat(Files.exists(out.resolve("abutment-11.stl"))).isTrue();
    }
}
