package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Tag;
import io.consilium.dicom.net.DicomClient;
import io.consilium.dicom.net.NetSettings;
import io.consilium.dicom.net.RemoteAe;
import io.consilium.server.demo.SampleStudies;
import io.consilium.server.platform.TestAuditKey;
import io.consilium.server.platform.TestPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash while instances arrive loses none that were acknowledged: the packaged server receives a CT series by
 * C-STORE in one association and is killed (SIGKILL) right after it answered Success for some of them, then
 * started again on the same data directory and database. Every acknowledged instance is in the archive's index,
 * its series' SEGMENT job is queued, its study's registration is in the audit trail, and the trail verifies.
 * Once on the embedded H2 default, once on PostgreSQL.
 */
class CrashDurabilityIT {

    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    private static final int SLICES = 150;
    private static final int SIZE = 128;
    /** Killed right after this many Success answers: commits of the last moments are the ones at risk. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern SCP_PORT = Pattern.compile("DICOM SCP \\S+ on 127\\.0\\.0\\.1:(\\d+)");
    private static final List<String> TOOL = List.of("-Dquarkus.http.host-enabled=false",
            "-Dquarkus.log.console.level=WARN");

    @TempDir
    Path work;

    private final List<Process> running = new ArrayList<>();
    private String database;

    @AfterEach
    void stopAndDropDatabase() throws Exception {
        for (Process process : running) {
            process.destroyForcibly();
            process.waitFor();
        }
        if (database != null) {
            TestPostgres server = TestPostgres.fromEnvironment();
            try (var connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                    var statement = connection.createStatement()) {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    @Test
    void embeddedH2LosesNoAcknowledgedInstance() throws Exception {
        Map<String, String> environment = new HashMap<>(TestAuditKey.environment());
        Path db = work.resolve("data/db/consilium");
        survivesAKillMidAssociation(environment, () -> DriverManager.getConnection(
                "jdbc:h2:file:" + db + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "consilium", ""));
    }

    @Test
    void postgresLosesNoAcknowledgedInstance() throws Exception {
        TestPostgres postgres = freshDatabase();
        Map<String, String> environment = new HashMap<>(TestAuditKey.environment());
        environment.putAll(Map.of("QUARKUS_PROFILE", "postgres", "CONSILIUM_DB_URL", postgres.url(),
                "CONSILIUM_DB_USER", postgres.user(), "CONSILIUM_DB_PASSWORD", postgres.password()));
        survivesAKillMidAssociation(environment,
                () -> DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password()));
    }

    private interface Database {
        Connection open() throws SQLException;
    }

    private void survivesAKillMidAssociation(Map<String, String> environment, Database index) throws Exception {
        // No identity provider is needed: nothing here calls the HTTP API.
        environment.put("CONSILIUM_OIDC_AUTH_SERVER_URL",
                "http://127.0.0.1:" + PackagedApplication.freePort() + "/realms/consilium");
        SampleStudies.CtSeries ct = SampleStudies.ct(ThreadLocalRandom.current().nextLong(1, 1_000_000_000), SLICES,
                SIZE, "PID-CRASH");
        List<Path> files = write(ct);

        var first = server(environment);
        Process victim = first.start();
        running.add(victim);
        int port = scpPort(first, victim);

        // One association; the server dies right after its ACKNOWLEDGED_BEFORE_KILL-th Success.
        Set<String> acknowledged = new HashSet<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        long sending = System.nanoTime();
        try {
            new DicomClient(NetSettings.of("CRASHTEST")).store(new RemoteAe("CONSILIUM", "127.0.0.1", port), files,
                    progress -> {
                        int i = answered.getAndIncrement();
                        if (progress.completed() > completed.getAndSet(progress.completed())) {
                            acknowledged.add(ct.instances().get(i).dataset().string(SOP_INSTANCE_UID));
                        }
                        if (acknowledged.size() == ACKNOWLEDGED_BEFORE_KILL) {
                            victim.destroyForcibly();
                        }
                    });
        } catch (IOException cutOff) {
            // the association died with the server, as intended
        }
        victim.waitFor();
        System.out.printf("%d instances acknowledged in %d ms, then killed%n", acknowledged.size(),
                (System.nanoTime() - sending) / 1_000_000);
        assertThat(acknowledged).as("Success answers before the kill").hasSize(ACKNOWLEDGED_BEFORE_KILL);

        // Restart on the same data directory and database; stop it cleanly once it serves again.
        var second = server(environment);
        Process restarted = second.start();
        running.add(restarted);
        scpPort(second, restarted);
        restarted.destroy();
        restarted.waitFor();

        try (Connection connection = index.open(); var statement = connection.createStatement()) {
            Set<String> indexed = new HashSet<>();
            try (var rows = statement.executeQuery("select sop_instance_uid from dicom_instance")) {
                while (rows.next()) {
                    indexed.add(rows.getString(1));
                }
            }
            assertThat(indexed).as("acknowledged instances in the archive's index").containsAll(acknowledged);
            try (var rows = statement.executeQuery("select count(*) from job where dedupe_key = 'segment:"
                    + ct.seriesInstanceUid() + "'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("the series' SEGMENT job").isEqualTo(1);
            }
            try (var rows = statement.executeQuery("select count(*) from audit_record where action = 'study.register'"
                    + " and targets like '%" + ct.studyInstanceUid() + "%'")) {
                rows.next();
                assertThat(rows.getInt(1)).as("the study's registration in the audit trail").isEqualTo(1);
            }
        }
        String output = second.output();
        String reconciled = output.lines().filter(l -> l.contains("archive reconciled:")).findFirst()
                .orElseThrow(() -> new AssertionError("the restart reports what it reconciled: " + output));
        System.out.println("after the kill: " + reconciled);
        assertThat(reconciled).contains(" 0 index rows without a file");
        var verify = new PackagedApplication(work, environment, TOOL, "audit", "verify").run();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("audit trail intact:");
    }

    private PackagedApplication server(Map<String, String> environment) throws IOException {
        // Role api: jobs stay queued, so what the crash left is what the test reads.
        return new PackagedApplication(work, environment, List.of("-Dquarkus.http.port=" + PackagedApplication.freePort(),
                "-Dconsilium.dicom.host=127.0.0.1", "-Dconsilium.role=api"), "serve");
    }

    private static int scpPort(PackagedApplication app, Process process) throws Exception {
        String output = app.awaitOutput("Press Ctrl+C to stop.", START);
        assertThat(process.isAlive()).as("server running: %s", output).isTrue();
        assertThat(output).as("server started within %s", START).contains("Press Ctrl+C to stop.");
        Matcher port = SCP_PORT.matcher(output);
        assertThat(port.find()).as("SCP port in %s", output).isTrue();
        return Integer.parseInt(port.group(1));
    }

    private List<Path> write(SampleStudies.CtSeries ct) throws IOException {
        Path folder = Files.createDirectories(work.resolve("ct"));
        List<Path> files = new ArrayList<>();
        for (DicomFile instance : ct.instances()) {
            Path file = folder.resolve(files.size() + ".dcm");
            try (OutputStream out = Files.newOutputStream(file)) {
                instance.write(out);
            }
            files.add(file);
        }
        return files;
    }

    private TestPostgres freshDatabase() throws SQLException {
        TestPostgres server = TestPostgres.fromEnvironment();
        String name = "crash_" + UUID.randomUUID().toString().substring(0, 8);
        try (var connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        database = name;
        return new TestPostgres(server.url().substring(0, server.url().lastIndexOf('/') + 1) + name, server.user(),
                server.password());
    }
}
