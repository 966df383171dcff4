package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.security.KeycloakTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;

/**
 * FHIR read and search throughput and latency under 32 concurrent clients: our {@code /fhir} (database-backed,
 * in the Quarkus server) against a plain HAPI FHIR RestfulServer serving the same ImagingStudy resources from
 * memory in an embedded Jetty, in the same JVM (same JVM settings), measured alternately, twice. The clients are
 * wrk's connections in a process of its own.
 *
 * <p>A benchmark, not a test: surefire's default includes skip it. Run it with
 * {@code ./mvnw -B -ntp verify -pl server -am -Dtest=FhirBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 * (optional {@code -Dfhir.bench.seconds=N}, default 10 per measurement, and {@code -Dfhir.bench.warm-up=N}, default
 * 30 per server and request kind before the first round).
 */
@QuarkusTest
class FhirBench {

    private static final int CLIENTS = 32;
    private static final int STUDIES = 100;
    private static final int PATIENTS = 20;
    private static final int SERIES = 2;
    private static final int INSTANCES = 3;

    @Inject
    DicomArchive archive;

    @Inject
    ImagingStudyIndex index;

    @Inject
    PatientReferences patients;

    @TestHTTPResource("/fhir")
    URL fhir;

    @Test
    void readAndSearchUnderLoad() throws Exception {
        int seconds = Integer.getInteger("fhir.bench.seconds", 10);
        int warmUp = Integer.getInteger("fhir.bench.warm-up", 30);
        String run = Long.toString(System.nanoTime(), 36);
        List<String> studies = new ArrayList<>();
        List<String> patientIds = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            patientIds.add("BENCH-" + run + "-" + p);
        }
        for (int s = 0; s < STUDIES; s++) {
            studies.add(SampleStudies.store(archive, patientIds.get(s % PATIENTS), "20261127", "B" + s, SERIES,
                    INSTANCES));
        }
        // The baseline serves exactly what we serve, mapped once, from memory.
        var byId = new ConcurrentHashMap<String, ImagingStudy>();
        var byPatient = new ConcurrentHashMap<String, List<ImagingStudy>>();
        String dicomWeb = fhir.toString().replaceAll("/fhir$", "") + "/dicomweb";
        for (var record : index.find(new StudySearch(Set.copyOf(studies), null, null, null, Set.of(), null, null), 0,
                STUDIES)) {
            ImagingStudy study = ImagingStudyMapping.imagingStudy(record.study(), record.instances(), patients,
                    dicomWeb);
            byId.put(record.study().studyInstanceUid(), study);
            byPatient.computeIfAbsent(record.instances().get(0).patientId(), k -> new ArrayList<>()).add(study);
        }
        assertThat(byId).hasSize(STUDIES);

        Server jetty = baseline(byId, byPatient);
        try {
            String ours = fhir.toString();
            String theirs = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/fhir";
            List<String> read = studies.stream().map(uid -> "/ImagingStudy/" + uid).toList();
            List<String> search = patientIds.stream().map(pid -> "/ImagingStudy?patient.identifier=" + pid).toList();
            // Warm both until the JIT has compiled their paths (ours runs far more code: Quarkus, OIDC, Hibernate,
            // H2), so that the rounds measure the servers as they run for days, not their first seconds.
            for (List<String> paths : List.of(read, search)) {
                load(ours, paths, warmUp);
                load(theirs, paths, warmUp);
            }
            var report = new StringBuilder("\nFHIR benchmark: " + CLIENTS + " clients, " + seconds + " s each after " + warmUp + " s of warm-up, "
                    + STUDIES + " studies (" + SERIES + " series x " + INSTANCES + " instances), "
                    + Runtime.getRuntime().availableProcessors() + " CPUs\n");
            for (int round = 1; round <= 2; round++) {
                for (var kind : Map.of("read  ", read, "search", search).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).toList()) {
                    Figures consilium = load(ours, kind.getValue(), seconds);
                    Figures hapi = load(theirs, kind.getValue(), seconds);
                    report.append(String.format(Locale.ROOT,
                            "round %d %s consilium %7.0f req/s p50 %6.1f ms p99 %6.1f ms cpu %5.2f ms/req | plain HAPI "
                                    + "%7.0f req/s p50 %6.1f ms p99 %6.1f ms cpu %5.2f ms/req | throughput ratio %.2f, "
                                    + "p99 ratio %.2f, cpu ratio %.2f%n",
                            round, kind.getKey(), consilium.throughput, consilium.p50, consilium.p99,
                            consilium.cpuPerRequest, hapi.throughput, hapi.p50, hapi.p99, hapi.cpuPerRequest,
                            consilium.throughput / hapi.throughput, consilium.p99 / hapi.p99,
                            consilium.cpuPerRequest / hapi.cpuPerRequest));
                    assertThat(consilium.errors).as("failed requests to /fhir").isZero();
                    assertThat(hapi.errors).as("failed requests to the baseline").isZero();
                }
            }
            System.out.println(report);
        } finally {
            jetty.stop();
        }
    }

    /**
     * @param cpuPerRequest CPU time of this JVM (both servers; the clients run in wrk) per answered request, in ms:
     *                      a figure that other work on the machine does not inflate
     */
    private record Figures(double throughput, double p50, double p99, long errors, double cpuPerRequest) {
    }

    /**
     * {@link #CLIENTS} connections of wrk (a load generator in C, in its own process, so that the clients cost
     * the servers little CPU) for a fixed time, each sending its next request when the last is answered.
     */
    private static Figures load(String base, List<String> paths, int seconds) throws Exception {
        URI root = URI.create(base);
        Path pathList = Files.createTempFile("fhir-bench-paths-", ".txt");
        Path script = Files.createTempFile("fhir-bench-", ".lua");
        try (var lua = FhirBench.class.getResourceAsStream("/fhir-bench.lua")) {
            Files.write(pathList, paths.stream().map(p -> root.getPath() + p).toList());
            Files.copy(lua, script, StandardCopyOption.REPLACE_EXISTING);
            var wrk = new ProcessBuilder("wrk", "-t2", "-c" + CLIENTS, "-d" + seconds + "s", "--timeout", "30s",
                    "--latency", "-s", script.toString(), root.resolve("/").toString()).redirectErrorStream(true);
            // An EHR client's token from the real Keycloak: ours validates it on every request, the baseline
            // ignores it.
            wrk.environment().put("FHIR_BENCH_PATHS", pathList.toString());
            wrk.environment().put("FHIR_BENCH_BEARER", "Bearer " + KeycloakTestClient.accessToken("int1"));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            Process process = wrk.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("wrk (Debian package wrk, installed by scripts/setup.sh):%n%s", out)
                    .isZero();
            double throughput = Double.parseDouble(match(out, "Requests/sec:\\s+([\\d.]+)"));
            double cpuPerRequest = (os.getProcessCpuTime() - cpuBefore) / 1e6 / (throughput * seconds);
            return new Figures(throughput, millis(match(out, "\\s50%\\s+([\\d.]+\\w+)")),
                    millis(match(out, "\\s99%\\s+([\\d.]+\\w+)")), errors(out), cpuPerRequest);
        } finally {
            Files.deleteIfExists(pathList);
            Files.deleteIfExists(script);
        }
    }

    private static String match(String wrkOutput, String regex) {
        Matcher m = Pattern.compile(regex).matcher(wrkOutput);
        assertThat(m.find()).as("wrk output has %s:%n%s", regex, wrkOutput).isTrue();
        return m.group(1);
    }

    /** A wrk duration ("850.12us", "3.21ms", "1.02s") in milliseconds. */
    private static double millis(String duration) {
        Matcher m = Pattern.compile("([\\d.]+)(us|ms|s|m)").matcher(duration);
        assertThat(m.matches()).as("wrk duration %s", duration).isTrue();
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            default -> value * 60_000;
        };
    }

    /** Answers other than 2xx/3xx plus socket errors (connect, read, write, timeout). */
    private static long errors(String wrkOutput) {
        long errors = 0;
        Matcher status = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(wrkOutput);
        if (status.find()) {
            errors += Long.parseLong(status.group(1));
        }
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(wrkOutput);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        return errors;
    }

    private static Server baseline(Map<String, ImagingStudy> byId, Map<String, List<ImagingStudy>> byPatient)
            throws Exception {
        // A context of its own, with HAPI's defaults: ours tunes the JVM's cached context to its resources.
        var server = new RestfulServer(FhirContext.forR4());
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setResourceProviders(new InMemoryImagingStudies(byId, byPatient));
        var jetty = new Server();
        var connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        var context = new ServletContextHandler();
        context.addServlet(new ServletHolder(server), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        return jetty;
    }

    /** The baseline's provider: the same resources from a map. */
    public static class InMemoryImagingStudies implements IResourceProvider {

        private final Map<String, ImagingStudy> byId;
        private final Map<String, List<ImagingStudy>> byPatient;

        InMemoryImagingStudies(Map<String, ImagingStudy> byId, Map<String, List<ImagingStudy>> byPatient) {
            this.byId = byId;
            this.byPatient = byPatient;
        }

        @Override
        public Class<ImagingStudy> getResourceType() {
            return ImagingStudy.class;
        }

        @Read
        public ImagingStudy read(@IdParam IdType id) {
            ImagingStudy study = byId.get(id.getIdPart());
            if (study == null) {
                throw new ResourceNotFoundException(id);
            }
            return study;
        }

        @Search
        public List<ImagingStudy> byPatient(
                @RequiredParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient) {
            String value = patient.getValue();
            return byPatient.getOrDefault(value.substring(value.indexOf('|') + 1), List.of());
        }
    }
}
