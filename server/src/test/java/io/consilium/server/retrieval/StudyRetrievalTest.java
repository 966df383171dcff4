package io.consilium.server.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.audit.AuditQuery;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.dicom.DicomScp;
import io.consilium.server.platform.DataDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Study retrieval from a real Orthanc into the archive, through REST, including a PACS restart mid-C-MOVE. */
@QuarkusTest
@TestProfile(OrthancTestProfile.class)
class StudyRetrievalTest {

    private static final String CALLER = "int1";

    @Inject
    StudyRetrieval retrievals;
    @Inject
    DicomArchive archive;
    @Inject
    DicomScp scp;
    @Inject
    AuditTrail audit;
    @Inject
    DataDirectory dataDirectory;

    @BeforeEach
    void registerUs() throws Exception {
        TestPacs.registerModality("CONSILIUM", scp.port());
    }

    @Test
    void restRetrievalCompletesWithEveryListedInstance() throws Exception {
        String study = newStudyUid();
        List<String> sent = TestPacs.uploadCt(study, 8, 64);
        String id = given().contentType("application/json").body("{\"studyInstanceUid\":\"" + study + "\"}")
                .when().post("/api/retrievals")
                .then().statusCode(202).body("studyInstanceUid", equalTo(study))
                .extract().path("id");
        Retrieval done = await(id, Duration.ofSeconds(60));
        given().when().get("/api/retrievals/" + id).then().statusCode(200)
                .body("state", equalTo("COMPLETED")).body("expected", equalTo(8)).body("stored", equalTo(8));
        assertThat(done.state()).isEqualTo(RetrievalState.COMPLETED);
        assertThat(done.requestedBy()).as("the integrator's user name").isEqualTo(CALLER);
        assertThat(archive.study(study)).extracting(StoredInstance::sopInstanceUid)
                .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(audit.find(new AuditQuery(null, null, "dicom.instances.store", null, null, 0, 1000)))
                .anySatisfy(r -> assertThat(r.event().targets()).contains("ImagingStudy/" + study));
        assertThat(audit.find(new AuditQuery(null, null, "dicom.study.import", null, null, 0, 1000)))
                .anySatisfy(r -> assertThat(r.event().targets()).contains("ImagingStudy/" + study));

        // Asking again is harmless: everything is held, nothing is duplicated.
        Retrieval again = await(retrievals.request(study, "test").id(), Duration.ofSeconds(60));
        assertThat(again.state()).isEqualTo(RetrievalState.COMPLETED);
        assertThat(archive.study(study)).hasSize(8);
    }

    @Test
    void thePullRuleRetrievesNewStudiesOfItsModalityOnce() throws Exception {
        String fresh = newStudyUid();
        List<String> sent = TestPacs.upload(fresh, 3, 32, "MR", LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE));
        String old = newStudyUid();
        TestPacs.upload(old, 2, 32, "MR", "20200101");
        String ct = newStudyUid();
        TestPacs.upload(ct, 2, 32, "CT", LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE));

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (archive.study(fresh).size() < sent.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(archive.study(fresh)).extracting(StoredInstance::sopInstanceUid)
                .containsExactlyInAnyOrderElementsOf(sent);
        Thread.sleep(3000);
        assertThat(imports(fresh)).as("pulled once, though the rule polled again")
                .singleElement().satisfies(r -> assertThat(r.event().detail()).contains("\"requestedBy\":\"pull rule\""));
        assertThat(archive.study(old)).as("older than the look-back window").isEmpty();
        assertThat(archive.study(ct)).as("not a modality of the rule").isEmpty();
    }

    private List<io.consilium.audit.SealedRecord> imports(String study) {
        return audit.find(new AuditQuery(null, null, "dicom.study.import", null, null, 0, 1000)).stream()
                .filter(r -> r.event().targets().contains("ImagingStudy/" + study)).toList();
    }

    @Test
    void badRequestsAreRefused() {
        given().contentType("application/json").body("{\"studyInstanceUid\":\"not a uid\"}")
                .when().post("/api/retrievals").then().statusCode(400);
        given().when().get("/api/retrievals/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void unknownStudyFailsWithAReason() {
        Retrieval failed = await(retrievals.request(newStudyUid(), "test").id(), Duration.ofSeconds(60));
        assertThat(failed.state()).isEqualTo(RetrievalState.FAILED);
        assertThat(failed.error()).contains("lists no instance");
    }

    @Test
    void pacsRestartMidMoveResumesWithEveryInstanceExactlyOnce() throws Exception {
        String study = newStudyUid();
        int count = 120;
        List<String> sent = TestPacs.uploadCt(study, count, 256);
        String id = retrievals.request(study, "test").id();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (retrievals.find(id).orElseThrow().stored() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // Killed, not stopped: on a graceful stop Orthanc may finish sending the move it is serving first.
        TestPacs.script("crash");
        Retrieval before = retrievals.find(id).orElseThrow();
        try {
            Thread.sleep(1500);
        } finally {
            TestPacs.script("start");
            // Orthanc keeps REST-registered peers in memory only; a real PACS keeps its configuration.
            TestPacs.registerModality("CONSILIUM", scp.port());
        }
        Retrieval done = await(id, Duration.ofSeconds(120));
        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(RetrievalState.COMPLETED);
        assertThat(before.stored()).as("the PACS was stopped mid-transfer").isLessThan(count);
        assertThat(done.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(done.expected()).isEqualTo(count);
        assertThat(done.stored()).isEqualTo(count);
        List<StoredInstance> held = archive.study(study);
        assertThat(held).extracting(StoredInstance::sopInstanceUid).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent);
        Path seriesDir = dataDirectory.root().resolve("archive").resolve(study).resolve(study + ".1");
        try (Stream<Path> files = Files.list(seriesDir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".dcm")).count()).isEqualTo(count);
        }
    }

    private Retrieval await(String id, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Retrieval r = retrievals.find(id).orElseThrow();
            if (r.state().isFinal()) {
                return r;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("retrieval " + id + " not finished after " + limit + ": " + retrievals.find(id));
    }

    private static String newStudyUid() {
        return "1.2.826.0.1.3680043.10.2001." + (UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    }

    /** Requests as {@value #CALLER}, with a token from the real Keycloak that scripts/test.sh starts. */
    private static RequestSpecification given() {
        return KeycloakTestClient.as(CALLER);
    }
}
