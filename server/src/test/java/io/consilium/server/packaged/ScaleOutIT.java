package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.platform.TestAuditKey;
import io.consilium.server.platform.TestPostgres;
import io.consilium.server.security.KeycloakTestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out harness: two packaged servers (separate JVMs, different ports) on one PostgreSQL and one data
 * directory, as the Helm chart runs an API pod and a worker pod. Jobs (exactly once, hand-over when an instance
 * dies) come with the durable job queue; this checks what both roles must already share.
 */
class ScaleOutIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @TempDir
    Path work;

    private final Map<String, Process> running = new HashMap<>();

    @AfterEach
    void stopInstances() throws InterruptedException {
        for (Process process : running.values()) {
            process.destroy();
            process.waitFor();
        }
    }

    @Test
    void anApiAndAWorkerInstanceShareDatabaseDataAndOneVerifiableAuditTrail() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment();
        int apiPort = start("api", postgres);
        int workerPort = start("worker", postgres);

        assertThat(get(apiPort, "/q/health/live")).contains("\"role\": \"api\"");
        assertThat(get(workerPort, "/q/health/live")).contains("\"role\": \"worker\"");

        String uid = "2.25." + Long.toUnsignedString(UUID.randomUUID().getMostSignificantBits());
        try (var connection = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
                var statement = connection.prepareStatement("insert into study (study_instance_uid, modality, "
                        + "description, status, received_at) values (?, 'CT', 'scale-out', 'RECEIVED', now())")) {
            statement.setString(1, uid);
            statement.executeUpdate();
        }
        assertThat(get(apiPort, "/api/studies/" + uid)).contains(uid).contains("\"modality\":\"CT\"");
        assertThat(get(workerPort, "/api/studies/" + uid)).contains(uid);

        // A third writer appends to the trail while both instances run; both verify the same intact chains.
        String stream = "scale-out-" + UUID.randomUUID().toString().substring(0, 8);
        var load = new PackagedApplication(work, environment(postgres, "all"), List.of(
                "-Dquarkus.http.host-enabled=false", "-Dquarkus.log.console.level=WARN"),
                "audit", "load", "--stream", stream, "--writers", "4", "--records", "200").run();
        assertThat(load.exitCode()).as(load.output()).isZero();
        String viaApi = get(apiPort, "/api/audit/verify");
        String viaWorker = get(workerPort, "/api/audit/verify");
        assertThat(viaApi).contains("\"intact\":true").contains("\"stream\":\"" + stream + "\"");
        assertThat(viaWorker).isEqualTo(viaApi);
    }

    private int start(String role, TestPostgres postgres) throws Exception {
        int port = PackagedApplication.freePort();
        var app = new PackagedApplication(work, environment(postgres, role), List.of("-Dquarkus.http.port=" + port),
                "serve");
        Process process = app.start();
        running.put(role, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(role + " instance exited with " + process.exitValue() + ": " + app.output());
            }
            try {
                if (HTTP.send(request(port, "/q/health/ready"), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return port;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(role + " instance not ready within 120 s: " + app.output());
    }

    private static Map<String, String> environment(TestPostgres postgres, String role) {
        Map<String, String> env = new HashMap<>(TestAuditKey.environment());
        env.putAll(Map.of("QUARKUS_PROFILE", "postgres", "CONSILIUM_DB_URL", postgres.url(),
                "CONSILIUM_DB_USER", postgres.user(), "CONSILIUM_DB_PASSWORD", postgres.password(),
                "CONSILIUM_ROLE", role));
        String issuer = System.getenv("CONSILIUM_OIDC_AUTH_SERVER_URL");
        if (issuer != null && !issuer.isBlank()) {
            env.put("CONSILIUM_OIDC_AUTH_SERVER_URL", issuer);
        }
        return env;
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s on port %d: %s", path, port, response.body()).isEqualTo(200);
        return response.body();
    }

    /** API calls carry a real Keycloak token: an auditor's for the audit trail, a radiologist's otherwise. */
    private static HttpRequest request(int port, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (path.startsWith("/api/")) {
            String user = path.startsWith("/api/audit") ? "aud1" : "rad1";
            request.header("Authorization", "Bearer " + KeycloakTestClient.accessToken(user));
        }
        return request.build();
    }
}
