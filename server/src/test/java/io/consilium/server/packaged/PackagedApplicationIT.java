package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.demo.SampleStudies;
import io.consilium.server.platform.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged application as an operator runs it: help, serve with each database, and bad settings. */
class PackagedApplicationIT {

    @TempDir
    Path work;

    @Test
    void helpAndVersion() throws Exception {
        var help = new PackagedApplication(work, Map.of(), List.of(), "--help").run();
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: consilium").contains("serve");

        var version = new PackagedApplication(work, Map.of(), List.of(), "--version").run();
        assertThat(version.output()).contains("Consilium 0.1.0");
    }

    @Test
    void theLauncherRunsToolsQuietlyAndWithoutAnHttpListener() throws Exception {
        Path launcher = Path.of("..", "consilium").toAbsolutePath().normalize();
        var builder = new ProcessBuilder(launcher.toString(), "--help").redirectErrorStream(true);
        builder.environment().put("CONSILIUM_DATA_DIR", work.resolve("data").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        assertThat(output).startsWith("Usage: consilium").doesNotContain("Listening on").doesNotContain("INFO");
    }

    @Test
    void toolsRunBesideARunningServerOnTheEmbeddedDatabase() throws Exception {
        Path file = work.resolve("ct.dcm");
        SampleStudies.ct(7, 1, 64, "PID-TOOLS").instances().get(0).write(file);
        // A file tool opens no database: a fresh data directory stays empty.
        Path untouched = work.resolve("untouched");
        var alone = launcher(untouched, "dicom", "dump", file.toString());
        assertThat(alone.exitCode()).as(alone.output()).isZero();
        assertThat(alone.output()).contains("(0010,0020) LO [PID-TOOLS]");
        assertThat(untouched).doesNotExist();

        int port = PackagedApplication.freePort();
        var server = new PackagedApplication(work, Map.of(), List.of("-Dquarkus.http.port=" + port), "serve");
        Process process = server.start();
        try {
            awaitReady(port, process, server);
            // A tool that reads the database shares the server's open embedded database.
            var verify = new PackagedApplication(work, Map.of(), List.of("-Dquarkus.http.host-enabled=false",
                    "-Dquarkus.log.console.level=WARN", "-Dconsilium.role=api"), "audit", "verify").run();
            assertThat(verify.output()).doesNotContain("already in use").contains("audit trail intact");
            assertThat(verify.exitCode()).as(verify.output()).isZero();

            // A file tool starts without the application: best of three, so a busy machine's hiccup is not it.
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                var dump = launcher(work.resolve("data"), "dicom", "dump", file.toString());
                best = Math.min(best, (System.nanoTime() - started) / 1_000_000);
                assertThat(dump.exitCode()).as(dump.output()).isZero();
                assertThat(dump.output()).contains("(0010,0020) LO [PID-TOOLS]");
            }
            System.out.printf("./consilium dicom dump beside a running server: best of 3 in %d ms%n", best);
            assertThat(best).isLessThan(1500);
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** {@code ./consilium ARGS} with its own data directory, run to completion. */
    private static PackagedApplication.Result launcher(Path dataDir, String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add(Path.of("..", "consilium").toAbsolutePath().normalize().toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONSILIUM_DATA_DIR", dataDir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        return new PackagedApplication.Result(process.waitFor(), output);
    }

    @Test
    void servesTheEmbeddedDefaultAndSaysWhere() throws Exception {
        assertServes(Map.of(), "embedded");
        assertThat(Files.exists(work.resolve("data/db/consilium.mv.db"))).isTrue();
    }

    @Test
    void servesOnPostgresUnderThePostgresProfile() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment();
        assertServes(Map.of("QUARKUS_PROFILE", "postgres", "CONSILIUM_DB_URL", postgres.url(),
                "CONSILIUM_DB_USER", postgres.user(), "CONSILIUM_DB_PASSWORD", postgres.password()), "postgres");
    }

    @Test
    void aWrongDatabaseUrlStopsTheStartAndNamesTheSetting() throws Exception {
        var result = new PackagedApplication(work, Map.of(),
                List.of("-Dquarkus.datasource.\"embedded\".jdbc.url=jdbc:h2:tcp://127.0.0.1:1/nowhere"),
                "serve").run();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("check quarkus.datasource.\"embedded\".jdbc.url")
                .doesNotContain("Consilium is running");
    }

    @Test
    void aWrongPostgresPasswordNamesTheSetting() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment();
        var result = new PackagedApplication(work, Map.of("QUARKUS_PROFILE", "postgres",
                "CONSILIUM_DB_URL", postgres.url(), "CONSILIUM_DB_USER", postgres.user(),
                "CONSILIUM_DB_PASSWORD", "wrong-password"), List.of(), "serve").run();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("check quarkus.datasource.\"postgres\".jdbc.url")
                .contains("password authentication failed");
    }

    @Test
    void aDataDirectoryThatIsAFileStopsTheStartAndNamesTheSetting() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-directory"), "x");
        var result = new PackagedApplication(work, Map.of(), List.of("-Dconsilium.data-dir=" + file), "serve")
                .run();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("consilium.data-dir=" + file + " cannot be used as the data directory");
    }

    @Test
    void theDevelopmentRealmNeverListensBeyondLoopback() throws Exception {
        var result = new PackagedApplication(work, Map.of("CONSILIUM_DEV_REALM", "true"),
                List.of("-Dquarkus.http.host=0.0.0.0", "-Dquarkus.http.port=" + PackagedApplication.freePort()),
                "serve").run();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("consilium.security.development-realm=true")
                .contains("cannot be used with quarkus.http.host=0.0.0.0").doesNotContain("Consilium is running");
    }

    @Test
    void aRelativeDataDirectoryIsRefusedByName() throws Exception {
        var result = new PackagedApplication(work, Map.of(), List.of("-Dconsilium.data-dir=data"), "serve").run();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("consilium.data-dir=data must be an absolute path");
    }

    private void assertServes(Map<String, String> environment, String database) throws Exception {
        int port = PackagedApplication.freePort();
        var app = new PackagedApplication(work, environment, List.of("-Dquarkus.http.port=" + port), "serve");
        long started = System.nanoTime();
        Process process = app.start();
        try {
            String health = awaitReady(port, process, app);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("packaged server (%s) ready in %d ms%n", database, millis);
            assertThat(health).contains("\"status\": \"UP\"").contains("data-directory");
            // HTTP is up a moment before the serve command prints its banner.
            assertThat(app.awaitOutput("Press Ctrl+C to stop.", Duration.ofSeconds(30))).contains("Consilium is running (database: " + database)
                    .contains("Web UI:  http://127.0.0.1:" + port + "/");
        } finally {
            process.destroy();
            process.waitFor();
        }
        assertThat(app.output()).contains("stopped in");
    }

    private static String awaitReady(int port, Process process, PackagedApplication app) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ": " + app.output());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server not ready within 90 s: " + app.output());
    }
}
