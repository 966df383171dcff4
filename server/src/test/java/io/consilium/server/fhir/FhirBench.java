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
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
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
 * memory in an embedded Jetty, in the same JVM (same JVM settings), measured alternately, twice.
 *
 * <p>A benchmark, not a test: surefire's default includes skip it. Run it with
 * {@code ./mvnw -B -ntp verify -pl server -am -Dtest=FhirBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 * (optional {@code -Dfhir.bench.seconds=N}, default 10 per measurement).
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
            IntFunction<String> read = i -> "/ImagingStudy/" + studies.get(i % STUDIES);
            IntFunction<String> search = i -> "/ImagingStudy?patient.identifier="
                    + patientIds.get(i % PATIENTS);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(java.util.concurrent.Executors.newFixedThreadPool(CLIENTS)).build();
            // Warm both (JIT, HAPI's first-request set-up) before measuring.
            load(client, ours, read, 3);
            load(client, theirs, read, 3);
            load(client, ours, search, 3);
            load(client, theirs, search, 3);
            var report = new StringBuilder("\nFHIR benchmark: " + CLIENTS + " clients, " + seconds + " s each, "
                    + STUDIES + " studies (" + SERIES + " series x " + INSTANCES + " instances), "
                    + Runtime.getRuntime().availableProcessors() + " CPUs\n");
            for (int round = 1; round <= 2; round++) {
                for (var kind : Map.of("read  ", read, "search", search).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).toList()) {
                    Figures consilium = load(client, ours, kind.getValue(), seconds);
                    Figures hapi = load(client, theirs, kind.getValue(), seconds);
                    report.append(String.format(Locale.ROOT,
                            "round %d %s consilium %7.0f req/s p50 %6.1f ms p99 %6.1f ms | plain HAPI %7.0f req/s "
                                    + "p50 %6.1f ms p99 %6.1f ms | throughput ratio %.2f, p99 ratio %.2f%n",
                            round, kind.getKey(), consilium.throughput, consilium.p50, consilium.p99, hapi.throughput,
                            hapi.p50, hapi.p99, consilium.throughput / hapi.throughput, consilium.p99 / hapi.p99));
                    assertThat(consilium.errors).as("failed requests to /fhir").isZero();
                    assertThat(hapi.errors).as("failed requests to the baseline").isZero();
                }
            }
            System.out.println(report);
        } finally {
            jetty.stop();
        }
    }

    private record Figures(double throughput, double p50, double p99, long errors) {
    }

    /** {@link #CLIENTS} clients, each sending its next request when the last one is answered, for a fixed time. */
    private static Figures load(HttpClient client, String base, IntFunction<String> path, int seconds)
            throws InterruptedException {
        // An EHR client's token from the real Keycloak: ours validates it on every request, the baseline ignores it.
        String bearer = "Bearer " + KeycloakTestClient.accessToken("int1");
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var latencies = new ConcurrentHashMap<Integer, long[]>();
        var errors = new AtomicLong();
        var done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int clientIndex = c;
            var thread = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                var random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    var request = HttpRequest.newBuilder(URI.create(base + path.apply(random.nextInt(1 << 20))))
                            .header("Accept", "application/fhir+json").header("Authorization", bearer).timeout(Duration.ofSeconds(30)).GET().build();
                    long start = System.nanoTime();
                    try {
                        var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - start;
                }
                latencies.put(clientIndex, Arrays.copyOf(mine, n));
                done.countDown();
            }, "fhir-bench-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        long[] all = latencies.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Figures(all.length / (double) seconds, all[(int) (all.length * 0.50)] / 1e6,
                all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6, errors.get());
    }

    private static Server baseline(Map<String, ImagingStudy> byId, Map<String, List<ImagingStudy>> byPatient)
            throws Exception {
        var server = new RestfulServer(FhirContext.forR4Cached());
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
