package io.consilium.server.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.web.MultipartWriter;
import io.consilium.server.demo.SampleStudies;
import io.consilium.server.platform.TestAuditKey;
import io.consilium.server.platform.TestPostgres;
import io.consilium.server.security.KeycloakTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out proof on one machine: two packaged servers (separate JVMs, different ports) on one PostgreSQL
 * database and one data directory, as the Helm chart runs them: an instance that serves the API and runs jobs,
 * and a worker. CT studies arrive by STOW-RS and go through the durable job queue (SEGMENT, review Tasks
 * completed by the experts over REST, MERGE, SEND_RESULT). The worker is killed (SIGKILL) while it holds a
 * SEGMENT job; the other instance takes that job over once its lease expires and finishes it. In the end every
 * job ran once (the killed one twice, committed once), every result has exactly its Tasks, and the audit trail
 * verifies.
 */
class ScaleOutIT {

    private static final int STUDIES = 8;
    private static final int SLICES = 6;
    private static final int SIZE = 96;
    /** Short, so the hand-over after the kill is quick; renewed every third of it by the running worker. */
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_DONE = Pattern.compile("job (\\d+) (\\w+) done in (\\d+) ms \\(attempt (\\d+)\\)");

    @TempDir
    Path work;

    private final List<Process> running = new ArrayList<>();
    private String database;

    private record Instance(String role, int port, PackagedApplication app, Process process) {

        String output() throws IOException {
            return app.output();
        }

        /** The prefix of the ids this JVM's workers claim jobs under (host/pid/random). */
        boolean holds(JsonNode job) {
            return job.path("leaseOwner").asText("").contains("/" + process.pid() + "/");
        }
    }

    @AfterEach
    void stopInstancesAndDropDatabase() throws Exception {
        for (Process process : running) {
            process.destroy();
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
    void twoInstancesShareTheQueueRunEveryJobOnceAndLoseNothingWhenOneIsKilledMidJob() throws Exception {
        TestPostgres postgres = freshDatabase();
        Instance api = start("all", postgres);
        Instance worker = start("worker", postgres);
        awaitReady(api);
        awaitReady(worker);
        assertThat(get(api, "/q/health/live", null)).contains("\"role\": \"all\"");
        assertThat(get(worker, "/q/health/live", null)).contains("\"role\": \"worker\"");

        // N studies arrive by STOW-RS, as a modality or PACS would send them.
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000_000);
        List<SampleStudies.CtSeries> studies = new ArrayList<>();
        for (int i = 0; i < STUDIES; i++) {
            SampleStudies.CtSeries ct = SampleStudies.ct(seed + i, SLICES, SIZE, "PID-SCALE-" + i);
            stow(api, ct);
            studies.add(ct);
        }
        long fed = System.nanoTime();
        Set<String> studyUids = new HashSet<>(studies.stream().map(SampleStudies.CtSeries::studyInstanceUid).toList());

        // Kill the worker while it holds a SEGMENT job, once it has shown it takes its share of the work. The
        // worker is frozen (SIGSTOP) before the job is confirmed still running: between seeing it RUNNING and the
        // kill, a live worker could finish it.
        JsonNode victim = await("the worker instance frozen while running a SEGMENT job after finishing one", () -> {
            if (!worker.output().contains(" SEGMENT done in ")) {
                return null;
            }
            for (JsonNode job : jobs(api, "RUNNING")) {
                if (job.path("type").asText().equals("SEGMENT") && worker.holds(job)) {
                    signal(worker, "STOP");
                    Thread.sleep(300); // a commit the worker sent before it froze lands meanwhile
                    JsonNode frozen = job(api, job.get("id").asLong());
                    if (frozen.get("status").asText().equals("RUNNING") && worker.holds(frozen)) {
                        return frozen;
                    }
                    signal(worker, "CONT");
                    return null;
                }
            }
            return null;
        });
        worker.process().destroyForcibly();
        worker.process().waitFor();
        long victimId = victim.get("id").asLong();
        JsonNode atKill = job(api, victimId);
        assertThat(atKill.get("status").asText()).as("the worker died mid-job, holding it: %s", atKill)
                .isEqualTo("RUNNING");
        assertThat(worker.holds(atKill)).isTrue();

        // Every study gets its preliminary result: the survivor takes the dead worker's job over after the lease.
        Map<String, String> resultOfStudy = await("a preliminary result for every study", () -> {
            Map<String, String> found = new HashMap<>();
            for (JsonNode study : array(get(api, "/api/studies", "rad1"))) {
                String uid = study.get("studyInstanceUid").asText();
                if (studyUids.contains(uid) && study.hasNonNull("resultId")) {
                    found.put(uid, study.get("resultId").asText());
                }
            }
            return found.size() == STUDIES ? found : null;
        });
        double preliminarySeconds = (System.nanoTime() - fed) / 1e9;
        JsonNode takenOver = job(api, victimId);
        assertThat(takenOver.get("status").asText()).isEqualTo("DONE");
        assertThat(takenOver.get("attempts").asInt()).as("run by the dead worker, then by the survivor").isEqualTo(2);
        assertThat(api.output()).containsPattern("job " + victimId + " SEGMENT done in \\d+ ms \\(attempt 2\\)");
        assertThat(worker.output()).doesNotContain("job " + victimId + " SEGMENT done");

        // Exactly the expected Tasks per result: one per expert the model deferred pixels to, none twice.
        Map<String, List<JsonNode>> tasksOfResult = new HashMap<>();
        for (String expert : List.of("rad1", "rad2")) {
            for (JsonNode task : array(get(api, "/api/tasks?mine=true", expert))) {
                tasksOfResult.computeIfAbsent(task.get("resultId").asText(), r -> new ArrayList<>()).add(task);
            }
        }
        int taskCount = 0;
        for (Map.Entry<String, String> entry : resultOfStudy.entrySet()) {
            JsonNode result = JSON.readTree(get(api, "/api/results/" + entry.getValue(), "rad1"));
            assertThat(result.get("studyInstanceUid").asText()).isEqualTo(entry.getKey());
            assertThat(result.get("sliceCount").asInt()).isEqualTo(SLICES);
            long voxels = (long) result.get("rows").asInt() * result.get("columns").asInt() * SLICES;
            List<JsonNode> tasks = tasksOfResult.getOrDefault(entry.getValue(), List.of());
            List<String> deferredTo = new ArrayList<>();
            result.get("expertShare").fields().forEachRemaining(share -> {
                if (share.getValue().asDouble() > 0) {
                    deferredTo.add(share.getKey());
                }
            });
            assertThat(tasks).extracting(t -> t.get("expert").asText()).as("Tasks of result %s", entry.getValue())
                    .containsExactlyInAnyOrderElementsOf(deferredTo);
            for (JsonNode task : tasks) {
                double share = result.get("expertShare").get(task.get("expert").asText()).asDouble();
                assertThat((double) task.get("regionPixels").asLong()).as("region of %s", task)
                        .isCloseTo(share * voxels, org.assertj.core.data.Offset.offset(voxels * 1e-6 + 1));
                assertThat(task.get("status").asText()).isEqualTo("READY");
            }
            taskCount += tasks.size();
        }
        assertThat(taskCount).as("the bundled model defers pixels of the phantoms").isPositive();

        // The experts complete their Tasks, both of a result at the same moment (the last completion, whichever
        // it is, must queue the merge); MERGE and SEND_RESULT run on the surviving instance.
        ExecutorService experts = Executors.newFixedThreadPool(2);
        try {
            for (String resultId : resultOfStudy.values()) {
                List<Future<String>> completions = new ArrayList<>();
                for (JsonNode task : tasksOfResult.getOrDefault(resultId, List.of())) {
                    completions.add(experts.submit(() -> post(api, "/api/tasks/" + task.get("id").asText()
                            + "/completion", task.get("expert").asText())));
                }
                for (Future<String> completion : completions) {
                    assertThat(JSON.readTree(completion.get(60, TimeUnit.SECONDS)).get("status").asText())
                            .isEqualTo("COMPLETED");
                }
            }
        } finally {
            experts.shutdownNow();
        }
        await("every study FINAL and its result sent", () -> {
            long fin = StreamSupport.stream(array(get(api, "/api/studies", "rad1")).spliterator(), false)
                    .filter(s -> studyUids.contains(s.get("studyInstanceUid").asText()))
                    .filter(s -> s.get("status").asText().equals("FINAL")).count();
            boolean idle = jobs(api, "PENDING").isEmpty() && jobs(api, "RUNNING").isEmpty();
            return fin == STUDIES && idle ? Boolean.TRUE : null;
        });
        double totalSeconds = (System.nanoTime() - fed) / 1e9;

        // Every job ran exactly once (the killed one's second run is the only repeat), none failed, none lost.
        List<JsonNode> jobs = new ArrayList<>();
        array(get(api, "/api/jobs?limit=1000", "int1")).forEach(jobs::add);
        assertThat(jobs).hasSize(3 * STUDIES);
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.get("status").asText()).as("%s", job).isEqualTo("DONE");
            assertThat(job.hasNonNull("lastError")).as("no attempt failed: %s", job).isFalse();
            assertThat(job.get("attempts").asInt()).as("%s", job).isEqualTo(job.get("id").asLong() == victimId ? 2 : 1);
        });
        Set<String> expectedKeys = new HashSet<>();
        for (SampleStudies.CtSeries ct : studies) {
            String result = resultOfStudy.get(ct.studyInstanceUid());
            expectedKeys.addAll(List.of("segment:" + ct.seriesInstanceUid(), "merge:" + result, "send:" + result));
        }
        assertThat(jobs).extracting(j -> j.get("dedupeKey").asText()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        for (String resultId : resultOfStudy.values()) {
            JsonNode result = JSON.readTree(get(api, "/api/results/" + resultId, "rad1"));
            assertThat(result.get("status").asText()).isEqualTo("FINAL");
            assertThat(result.hasNonNull("segInstanceUid")).isTrue();
        }

        // The audit trail holds each job's effects once, and its chains verify. What the killed instance committed
        // but had not sealed yet is sealed by the survivor's outbox sweep.
        await("every inference on record", () -> audited(api, "seg.infer").size() >= STUDIES ? Boolean.TRUE : null);
        assertThat(audited(api, "seg.infer")).as("one inference per study").hasSize(STUDIES)
                .extracting(r -> StreamSupport.stream(r.get("targets").spliterator(), false).map(JsonNode::asText)
                        .filter(t -> t.startsWith("ImagingStudy/")).findFirst().orElse(""))
                .containsExactlyInAnyOrderElementsOf(studyUids.stream().map(u -> "ImagingStudy/" + u).toList());
        assertThat(audited(api, "task.create")).hasSize(taskCount);
        assertThat(audited(api, "task.complete")).hasSize(taskCount);
        assertThat(audited(api, "result.merge")).hasSize(STUDIES);
        assertThat(audited(api, "result.export")).hasSize(STUDIES);
        JsonNode verification = JSON.readTree(get(api, "/api/audit/verify", "aud1"));
        assertThat(verification.get("intact").asBoolean()).as("%s", verification).isTrue();

        System.out.println(timings(api, worker, preliminarySeconds, totalSeconds));
    }

    /** What the run measured, for the capacity note in the README (BENCHMARKS.md). */
    private static String timings(Instance api, Instance worker, double preliminary, double total)
            throws IOException {
        Map<String, List<Long>> byType = new HashMap<>();
        for (Instance instance : List.of(api, worker)) {
            Matcher m = JOB_DONE.matcher(instance.output());
            while (m.find()) {
                byType.computeIfAbsent(m.group(2), t -> new ArrayList<>()).add(Long.parseLong(m.group(3)));
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "scale-out: %d CT studies (%d slices of "
                + "%dx%d), last STOW -> every preliminary result %.1f s, -> every result FINAL and sent %.1f s "
                + "(including the kill and the %d s lease); job run times:", STUDIES, SLICES, SIZE, SIZE,
                preliminary, total, LEASE.toSeconds()));
        byType.forEach((type, ms) -> out.append(String.format(Locale.ROOT, " %s n=%d mean %.0f ms;", type,
                ms.size(), ms.stream().mapToLong(Long::longValue).average().orElse(0))));
        return out.toString();
    }

    private TestPostgres freshDatabase() throws SQLException {
        TestPostgres server = TestPostgres.fromEnvironment();
        String name = "scaleout_" + UUID.randomUUID().toString().substring(0, 8);
        try (var connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        database = name;
        return new TestPostgres(server.url().substring(0, server.url().lastIndexOf('/') + 1) + name, server.user(),
                server.password());
    }

    private Instance start(String role, TestPostgres postgres) throws Exception {
        int port = PackagedApplication.freePort();
        var app = new PackagedApplication(work, environment(postgres, role), List.of("-Dquarkus.http.port=" + port,
                "-Dconsilium.jobs.lease=" + LEASE, "-Dconsilium.jobs.poll-interval=PT0.2S",
                "-Dconsilium.jobs.backoff=PT1S", "-Dconsilium.routing.settle=PT0.5S"), "serve");
        Process process = app.start();
        running.add(process);
        return new Instance(role, port, app, process);
    }

    private static void signal(Instance instance, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(instance.process().pid())).start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, instance.role()).isZero();
    }

    private static void awaitReady(Instance instance) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.process().isAlive()) {
                throw new AssertionError(instance.role() + " instance exited with " + instance.process().exitValue()
                        + ": " + instance.output());
            }
            try {
                if (HTTP.send(request(instance, "/q/health/ready", null).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(instance.role() + " instance not ready within 120 s: " + instance.output());
    }

    private static Map<String, String> environment(TestPostgres postgres, String role) {
        Map<String, String> env = new HashMap<>(TestAuditKey.environment());
        env.putAll(Map.of("QUARKUS_PROFILE", "postgres", "CONSILIUM_DB_URL", postgres.url(),
                "CONSILIUM_DB_USER", postgres.user(), "CONSILIUM_DB_PASSWORD", postgres.password(),
                "CONSILIUM_ROLE", role));
        String issuer = System.getenv("CONSILIUM_OIDC_AUTH_SERVER_URL");
        env.put("CONSILIUM_OIDC_AUTH_SERVER_URL", issuer != null && !issuer.isBlank() ? issuer
                : KeycloakTestClient.keycloakUrl() + "/realms/consilium");
        return env;
    }

    /** STOW-RS of a whole series in one multipart request, as the integrator. */
    private static void stow(Instance to, SampleStudies.CtSeries ct) throws IOException, InterruptedException {
        var body = new ByteArrayOutputStream();
        var parts = new MultipartWriter(body, "scale-out-boundary");
        for (DicomFile instance : ct.instances()) {
            var part10 = new ByteArrayOutputStream();
            instance.write(part10);
            parts.part("application/dicom", part10.toByteArray());
        }
        parts.finish();
        HttpResponse<String> response = HTTP.send(request(to, "/dicomweb/studies", "int1")
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=scale-out-boundary")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("STOW-RS: %s", response.body()).isEqualTo(200);
    }

    private static List<JsonNode> jobs(Instance instance, String status) throws IOException, InterruptedException {
        List<JsonNode> jobs = new ArrayList<>();
        array(get(instance, "/api/jobs?limit=1000&status=" + status, "int1")).forEach(jobs::add);
        return jobs;
    }

    private static JsonNode job(Instance instance, long id) throws IOException, InterruptedException {
        return JSON.readTree(get(instance, "/api/jobs/" + id, "int1"));
    }

    private static List<JsonNode> audited(Instance instance, String action) throws IOException, InterruptedException {
        List<JsonNode> records = new ArrayList<>();
        JSON.readTree(get(instance, "/api/audit/records?size=1000&action=" + action, "aud1")).get("records")
                .forEach(records::add);
        return records;
    }

    private static JsonNode array(String body) throws IOException {
        return JSON.readTree(body);
    }

    private static String get(Instance instance, String path, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(instance, path, user).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s on the %s instance: %s", path, instance.role(), response.body())
                .isEqualTo(200);
        return response.body();
    }

    private static String post(Instance instance, String path, String user) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request(instance, path, user)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s as %s: %s", path, user, response.body()).isEqualTo(200);
        return response.body();
    }

    /** Calls carry a real Keycloak token of {@code user} (null: none, for health). */
    private static HttpRequest.Builder request(Instance instance, String path, String user) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Bearer " + KeycloakTestClient.accessToken(user));
        }
        return request;
    }

    @FunctionalInterface
    private interface Probe<T> {
        T poll() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.poll();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
    }
}
