package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.platform.TestAuditKey;
import io.consilium.server.platform.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code consilium audit ...} as operators run it: two processes at once, verify, tamper, export. */
class AuditCommandIT {

    /** What ./consilium passes to every command other than serve. */
    private static final List<String> TOOL = List.of("-Dquarkus.http.host-enabled=false",
            "-Dquarkus.log.console.level=WARN");


    @TempDir
    Path work;

    @Test
    void twoProcessesOnOnePostgresMakeOneValidChain() throws Exception {
        String stream = "two-processes-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> postgres = postgres();
        var first = new PackagedApplication(work, postgres, TOOL, "audit", "load", "--stream", stream,
                "--writers", "8", "--records", "1000");
        var second = new PackagedApplication(work, postgres, TOOL, "audit", "load", "--stream", stream,
                "--writers", "8", "--records", "1000");
        Process a = first.start();
        Process b = second.start();
        assertThat(a.waitFor()).as(first.output()).isZero();
        assertThat(b.waitFor()).as(second.output()).isZero();
        System.out.println("process 1: " + first.output().lines().filter(l -> l.startsWith("wrote")).toList());
        System.out.println("process 2: " + second.output().lines().filter(l -> l.startsWith("wrote")).toList());

        var verify = new PackagedApplication(work, postgres, TOOL, "audit", "verify").run();
        assertThat(verify.output()).contains("stream '" + stream + "': 2000 records intact, 2 signed checkpoints valid");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("audit trail intact:");
    }

    @Test
    void verifyNamesTheFirstBrokenRecordAndExportWritesFhirNdjson() throws Exception {
        Map<String, String> keys = keys();
        var load = new PackagedApplication(work, keys, TOOL, "audit", "load", "--stream", "local", "--writers", "2",
                "--records", "5").run();
        assertThat(load.exitCode()).as(load.output()).isZero();

        var intact = new PackagedApplication(work, keys, TOOL, "audit", "verify").run();
        assertThat(intact.exitCode()).as(intact.output()).isZero();
        assertThat(intact.output()).contains("audit trail intact: 5 records in 1 stream(s)");

        Path out = work.resolve("export/trail.ndjson");
        var export = new PackagedApplication(work, keys, TOOL, "audit", "export", "--fhir", out.toString()).run();
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.output()).contains("exported 5 AuditEvent and 0 Provenance resources to " + out);
        assertThat(Files.readAllLines(out)).hasSize(5)
                .allSatisfy(line -> assertThat(line).startsWith("{\"resourceType\":\"AuditEvent\""));

        try (var connection = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("data/db/consilium")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "consilium", "");
                var statement = connection.createStatement()) {
            statement.execute("update audit_record set action = 'load.erase' where stream = 'local' and sequence = 4");
        }
        var broken = new PackagedApplication(work, keys, TOOL, "audit", "verify").run();
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.output()).contains("audit trail BROKEN: stream 'local' record #4: content does not match");
    }

    private static Map<String, String> keys() {
        return TestAuditKey.environment();
    }

    private static Map<String, String> postgres() {
        TestPostgres postgres = TestPostgres.fromEnvironment();
        var environment = new HashMap<>(keys());
        environment.putAll(Map.of("QUARKUS_PROFILE", "postgres", "CONSILIUM_DB_URL", postgres.url(),
                "CONSILIUM_DB_USER", postgres.user(), "CONSILIUM_DB_PASSWORD", postgres.password()));
        return environment;
    }
}
