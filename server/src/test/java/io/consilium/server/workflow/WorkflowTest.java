package io.consilium.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.specification.RequestSpecification;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.audit.AuditQuery;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.demo.SampleStudies;
import io.consilium.server.dicom.DicomScp;
import io.consilium.server.retrieval.TestPacs;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.jobs.JobStatus;
import io.consilium.server.jobs.JobView;
import io.consilium.server.study.StudyCatalog;
import io.consilium.server.study.StudyStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.consilium.server.fhir.FhirValidation;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

/**
 * The workflow end to end on the embedded database with the bundled model: a CT series lands in the archive,
 * is segmented, two experts review their pixels through the REST API, the merge writes a DICOM SEG; and the
 * bad inputs that must fail loudly without publishing anything.
 */
@QuarkusTest
@TestProfile(WorkflowTestProfile.class)
class WorkflowTest {

    private static final String CALLER = "rad1";

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Tag SOP_CLASS_UID = new Tag(0x0008, 0x0016);
    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);

    @Inject
    DicomArchive archive;

    @Inject
    ResultStore results;

    @Inject
    ReviewService review;

    @Inject
    JobQueue queue;

    @Inject
    StudyCatalog catalog;

    @Inject
    AuditTrail audit;

    @Inject
    DicomScp scp;

    @Test
    void aStudyPulledFromThePacsIsSegmentedReviewedByTwoExpertsAndMergedIntoADicomSegBackInThePacs()
            throws Exception {
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        SampleStudies.CtSeries ct = SampleStudies.ct(seed, 6, 96, "PID-" + seed);
        TestPacs.upload(ct.instances());
        TestPacs.registerModality("CONSILIUM", scp.port());
        String retrieval = KeycloakTestClient.as("int1").contentType(ContentType.JSON)
                .body(Map.of("studyInstanceUid", ct.studyInstanceUid())).post("/api/retrievals")
                .then().statusCode(202).extract().path("id");
        await(() -> KeycloakTestClient.as("int1").get("/api/retrievals/" + retrieval).then().statusCode(200)
                .extract().jsonPath().getString("state").equals("COMPLETED") ? true : null);
        KeycloakTestClient.as("int1").get("/api/retrievals/" + retrieval).then()
                .body("expected", equalTo(6)).body("stored", equalTo(6));
        Views.Result prelim = awaitWhole(ct, ct.instances().size());

        assertThat(prelim.status()).isEqualTo(ResultStatus.AWAITING_REVIEW);
        assertThat(prelim.experts()).containsExactly("rad1", "rad2");
        assertThat(catalog.find(ct.studyInstanceUid())).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo(StudyStatus.IN_REVIEW);
            assertThat(s.resultId()).isEqualTo(prelim.id());
        });
        // The EHR sees the AI result as a preliminary DiagnosticReport with its Observations (the workflow's
        // results behind /fhir), valid against base R4.
        fhirReport(prelim.id()).body("status", equalTo("preliminary"));
        Bundle preliminary = fhirSearch("/fhir/DiagnosticReport?patient:identifier=PID-" + seed
                + "&status=preliminary&_include=DiagnosticReport:result");
        assertThat(preliminary.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactlyInAnyOrder("DiagnosticReport", "Observation", "Observation", "Observation");
        assertThat(FhirValidation.errors(preliminary)).isEmpty();
        List<Views.Task> tasks = review.tasks(null, null).stream().filter(t -> t.resultId().equals(prelim.id()))
                .toList();
        assertThat(tasks).as("the bundled model defers pixels of the phantoms' faint lobes").isNotEmpty();

        // Per-slice layers as the viewer reads them; the Tasks' regions are exactly the deferred pixels.
        long[] deferredTo = new long[2];
        for (int k = 0; k < prelim.sliceCount(); k++) {
            var slice = given().get("/api/results/" + prelim.id() + "/slices/" + k).then().statusCode(200)
                    .extract().jsonPath();
            byte[] mask = decode(slice.getString("aiMask"));
            byte[] deferral = decode(slice.getString("deferral"));
            assertThat(mask).hasSize(prelim.rows() * prelim.columns());
            assertThat(slice.getString("merged")).isNull();
            for (int p = 0; p < deferral.length; p++) {
                assertThat(mask[p]).isBetween((byte) 0, (byte) 1);
                assertThat(deferral[p]).isBetween((byte) 0, (byte) 2);
                if (deferral[p] > 0) {
                    deferredTo[deferral[p] - 1]++;
                }
            }
        }
        for (Views.Task task : tasks) {
            assertThat(task.regionPixels()).isEqualTo(deferredTo[task.expertIndex()]);
            assertThat(task.expert()).isEqualTo(task.expertIndex() == 0 ? "rad1" : "rad2");
        }

        // Each expert labels every pixel of their region as the structure, on every slice, then completes.
        for (Views.Task task : tasks) {
            KeycloakTestClient.as(task.expert()).get("/api/tasks?mine=true").then()
                    .statusCode(200).body("id", org.hamcrest.Matchers.hasItem(task.id()));
            KeycloakTestClient.as(task.expert()).get("/api/tasks/" + task.id()).then()
                    .statusCode(200).body("slices.size()", equalTo(6)).body("rows", equalTo(prelim.rows()));
            for (int k = 0; k < prelim.sliceCount(); k++) {
                var own = KeycloakTestClient.as(task.expert())
                        .get("/api/tasks/" + task.id() + "/slices/" + k).then().statusCode(200).extract().jsonPath();
                byte[] region = decode(own.getString("region"));
                byte[] labels = decode(own.getString("labels"));
                for (int p = 0; p < region.length; p++) {
                    if (region[p] == 1) {
                        labels[p] = 1;
                    }
                }
                put(task, k, labels).then().statusCode(200);
            }
            KeycloakTestClient.as(task.expert()).post("/api/tasks/" + task.id() + "/completion")
                    .then().statusCode(200).body("status", equalTo("COMPLETED"))
                    .body("donePixels", equalTo((int) task.regionPixels()));
        }

        Views.Result done = await(() -> results.result(prelim.id()).filter(r -> r.status() == ResultStatus.FINAL)
                .orElse(null));
        assertThat(done.segInstanceUid()).isNotNull();
        assertThat(archive.find(done.segInstanceUid())).hasValueSatisfying(seg -> {
            assertThat(seg.modality()).isEqualTo("SEG");
            assertThat(seg.studyInstanceUid()).isEqualTo(ct.studyInstanceUid());
        });
        assertThat(catalog.find(ct.studyInstanceUid())).hasValueSatisfying(s ->
                assertThat(s.status()).isEqualTo(StudyStatus.FINAL));
        assertFhirFinal(done, tasks, ct.studyInstanceUid(), "PID-" + seed);
        assertThat(done.fallbackPixels()).isZero();
        long mergedVoxels = 0;
        for (int k = 0; k < done.sliceCount(); k++) {
            Views.Slice slice = results.slice(done.id(), k);
            for (int p = 0; p < slice.merged().length; p++) {
                int owner = slice.deferral()[p];
                assertThat(slice.provenance()[p]).isEqualTo((byte) owner);
                assertThat(slice.merged()[p]).isEqualTo(owner > 0 ? (byte) 1 : slice.aiMask()[p]);
                mergedVoxels += slice.merged()[p];
            }
        }
        assertThat(done.volumeMl()).isCloseTo(mergedVoxels * 2.5 / 1000, org.assertj.core.data.Offset.offset(1e-6));
        JobView send = await(() -> queue.findByKey("send:" + done.id()).filter(j -> j.status() == JobStatus.DONE)
                .orElse(null));
        assertThat(send.attempts()).isEqualTo(1);
        // The SEG arrived in the PACS (Orthanc, asked through its REST API).
        assertThat(orthancHolds(done.segInstanceUid())).isTrue();

        List<String> actions = audit.find(new AuditQuery(null, null, null, null, null, 0, 1000)).stream()
                .filter(r -> r.event().targets().contains("DiagnosticReport/" + done.id()))
                .map(r -> r.event().action()).toList();
        assertThat(actions).contains("seg.infer", "task.edit", "task.complete", "result.merge", "result.export");
        assertThat(audit.verify().intact()).isTrue();
    }

    @Test
    void expertsEditOnlyTheirOwnPixelsAndCompleteOnce() {
        SampleStudies.CtSeries ct = store(ThreadLocalRandom.current().nextLong(1, 1_000_000), 3);
        Views.Result prelim = awaitWhole(ct, ct.instances().size());
        Views.Task task = review.tasks(null, null).stream().filter(t -> t.resultId().equals(prelim.id()))
                .findFirst().orElseThrow();
        String other = task.expert().equals("rad1") ? "rad2" : "rad1";
        var own = KeycloakTestClient.as(task.expert())
                .get("/api/tasks/" + task.id() + "/slices/0").then().statusCode(200).extract().jsonPath();
        byte[] region = decode(own.getString("region"));
        byte[] labels = decode(own.getString("labels"));
        int outside = indexOf(region, (byte) 0);
        labels[outside] = (byte) (1 - labels[outside]);

        put(task, 0, labels).then().statusCode(422).contentType(ContentType.JSON)
                .body("error", equalTo("unprocessable")).body("detail", containsString("outside your region"));
        labels[outside] = (byte) (1 - labels[outside]);
        KeycloakTestClient.as(other).contentType(ContentType.JSON)
                .body(Map.of("labels", Base64.getEncoder().encodeToString(labels)))
                .put("/api/tasks/" + task.id() + "/slices/0").then().statusCode(403);
        KeycloakTestClient.as(other).get("/api/tasks?mine=true").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(task.id())));
        put(task, 0, new byte[3]).then().statusCode(422).body("detail", containsString("must hold"));
        put(task, 99, labels).then().statusCode(404);

        KeycloakTestClient.as(task.expert()).post("/api/tasks/" + task.id() + "/completion")
                .then().statusCode(200);
        KeycloakTestClient.as(task.expert()).post("/api/tasks/" + task.id() + "/completion")
                .then().statusCode(409).body("error", equalTo("conflict"));
        put(task, 0, labels).then().statusCode(409);
    }

    @Test
    void afterTheDeadlineTheAiDecidesTheRemainingPixelsRecordedAsFallback() {
        SampleStudies.CtSeries ct = store(ThreadLocalRandom.current().nextLong(1, 1_000_000), 3);
        Views.Result prelim = awaitWhole(ct, ct.instances().size());
        List<Views.Task> tasks = review.tasks(null, null).stream().filter(t -> t.resultId().equals(prelim.id()))
                .toList();
        Views.Task completed = tasks.get(0);
        KeycloakTestClient.as(completed.expert())
                .post("/api/tasks/" + completed.id() + "/completion").then().statusCode(200);
        long expected = tasks.stream().filter(t -> t != completed).mapToLong(Views.Task::regionPixels).sum();

        assertThat(review.expireOverdue(prelim.reviewDeadline().plusSeconds(1))).isPositive();

        Views.Result done = await(() -> results.result(prelim.id()).filter(r -> r.status() == ResultStatus.FINAL)
                .orElse(null));
        assertThat(done.fallbackPixels()).isEqualTo(expected);
        for (Views.Task t : tasks) {
            assertThat(review.task(t.id(), null, true).status())
                    .isEqualTo(t == completed ? TaskStatus.COMPLETED : TaskStatus.EXPIRED);
        }
    }

    @Test
    void aSeriesWithAMissingSliceFailsItsJobAndPublishesNothing() {
        SampleStudies.CtSeries ct = SampleStudies.ct(ThreadLocalRandom.current().nextLong(1, 1_000_000), 5, 64,
                "PID-GAP");
        List<DicomFile> gap = new ArrayList<>(ct.instances());
        gap.remove(2);
        gap.forEach(f -> archive.store(f, "test"));

        JobView job = failedJob(ct.seriesInstanceUid());
        assertThat(job.lastError()).contains("not evenly spaced").contains("missing slice");
        assertNothingPublished(ct.studyInstanceUid(), ct.seriesInstanceUid(), 4);

        // The missing slice arrives late: the series is segmented again, whole.
        archive.store(ct.instances().get(2), "test");
        Views.Result recovered = awaitWhole(ct, 5);
        assertThat(queue.findByKey("segment:" + ct.seriesInstanceUid()).orElseThrow().status())
                .isEqualTo(JobStatus.DONE);
    }

    @Test
    void anInstanceArrivingAfterThePreliminaryResultSupersedesItAndTheWholeSeriesIsSegmentedAgain() {
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        SampleStudies.CtSeries ct = SampleStudies.ct(seed, 4, 96, "PID-" + seed);
        ct.instances().subList(0, 3).forEach(f -> archive.store(f, "test"));
        Views.Result first = awaitWhole(ct, 3);
        List<Views.Task> firstTasks = review.tasks(null, null).stream()
                .filter(t -> t.resultId().equals(first.id())).toList();
        assertThat(firstTasks).isNotEmpty();

        archive.store(ct.instances().get(3), "test");

        Views.Result second = await(() -> results.resultOfSeries(ct.seriesInstanceUid())
                .filter(r -> !r.id().equals(first.id())).orElse(null));
        assertThat(second.sliceCount()).isEqualTo(4);
        assertThat(second.status()).isEqualTo(ResultStatus.AWAITING_REVIEW);
        assertThat(results.result(first.id()).orElseThrow().status()).isEqualTo(ResultStatus.SUPERSEDED);
        for (Views.Task task : firstTasks) {
            assertThat(review.task(task.id(), null, true).status()).isEqualTo(TaskStatus.CANCELLED);
        }
        KeycloakTestClient.as(firstTasks.get(0).expert()).post("/api/tasks/" + firstTasks.get(0).id() + "/completion")
                .then().statusCode(409).body("detail", containsString("cancelled"));
        assertThat(catalog.find(ct.studyInstanceUid())).hasValueSatisfying(s ->
                assertThat(s.resultId()).isEqualTo(second.id()));
        // The EHR sees the old report withdrawn and the new one preliminary.
        fhirReport(first.id()).body("status", equalTo("cancelled"));
        fhirReport(second.id()).body("status", equalTo("preliminary"));
        // Both reports of the patient: by id, oldest or newest first, each with its Provenance when asked.
        String patientReports = "/fhir/DiagnosticReport?patient:identifier=PID-" + seed;
        assertThat(ids(fhirSearch("/fhir/DiagnosticReport?_id=" + first.id()))).containsExactly(first.id());
        assertThat(ids(fhirSearch(patientReports + "&_id=" + second.id() + "," + first.id())))
                .containsExactly(second.id(), first.id());
        assertThat(ids(fhirSearch(patientReports + "&_sort=date"))).containsExactly(first.id(), second.id());
        assertThat(ids(fhirSearch(patientReports + "&_sort=-date"))).containsExactly(second.id(), first.id());
        Bundle withProvenance = fhirSearch(patientReports + "&_revinclude=Provenance:target&_count=1");
        assertThat(withProvenance.getTotal()).isEqualTo(2);
        assertThat(withProvenance.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart(),
                e -> e.getSearch().getMode()).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(second.id(), Bundle.SearchEntryMode.MATCH),
                        org.assertj.core.groups.Tuple.tuple(second.id() + "-provenance", Bundle.SearchEntryMode.INCLUDE));
        assertThat(((org.hl7.fhir.r4.model.Provenance) withProvenance.getEntry().get(1).getResource())
                .getTargetFirstRep().getReference()).isEqualTo("DiagnosticReport/" + second.id());
        assertThat(withProvenance.getLink(Bundle.LINK_NEXT)).isNotNull();
        assertThat(audit.find(new AuditQuery(null, null, "result.supersede", null, null, 0, 1000)))
                .anySatisfy(r -> assertThat(r.event().targets())
                        .containsExactly("DiagnosticReport/" + first.id(), "DiagnosticReport/" + second.id(),
                                "ImagingStudy/" + ct.studyInstanceUid()));
    }

    @Test
    void aSeriesThatCannotBeSegmentedAgainWithdrawsItsResultAndCancelsItsTasks() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        SampleStudies.CtSeries ct = SampleStudies.ct(seed, 3, 96, "PID-" + seed);
        ct.instances().forEach(f -> archive.store(f, "test"));
        Views.Result first = awaitWhole(ct, ct.instances().size());
        List<Views.Task> tasks = review.tasks(null, null).stream().filter(t -> t.resultId().equals(first.id())).toList();
        assertThat(tasks).isNotEmpty();

        // A sender re-sends a slice under a new SOP Instance UID: two slices of the series share a position.
        DicomFile original = ct.instances().get(0);
        var bytes = new ByteArrayOutputStream();
        original.write(bytes);
        DicomFile copy = DicomFile.read(bytes.toByteArray());
        String copyUid = "2.25." + Math.abs(seed) + "7" + System.nanoTime();
        copy.dataset().putString(SOP_INSTANCE_UID, VR.UI, copyUid);
        archive.store(new DicomFile(FileMetaInformation.create(copy.dataset().string(SOP_CLASS_UID), copyUid,
                copy.transferSyntax().uid()), copy.dataset(), copy.transferSyntax()), "test");

        assertThat(failedJob(ct.seriesInstanceUid()).lastError()).contains("share position");
        Views.Result withdrawn = await(() -> results.result(first.id())
                .filter(r -> r.status() == ResultStatus.WITHDRAWN).orElse(null));
        assertThat(withdrawn.failure()).startsWith("the series changed and could not be segmented again")
                .contains("share position");
        for (Views.Task task : tasks) {
            assertThat(review.task(task.id(), null, true).status()).isEqualTo(TaskStatus.CANCELLED);
            KeycloakTestClient.as(task.expert()).post("/api/tasks/" + task.id() + "/completion")
                    .then().statusCode(409).body("detail", containsString("cancelled"));
        }
        assertThat(catalog.find(ct.studyInstanceUid())).hasValueSatisfying(study ->
                assertThat(study.status()).isEqualTo(StudyStatus.FAILED));
        given().get("/api/results/" + first.id()).then().statusCode(200).body("status", equalTo("WITHDRAWN"))
                .body("failure", containsString("share position"));
        fhirReport(first.id()).body("status", equalTo("cancelled"))
                .body("conclusion", containsString("withdrawn before review, do not use"));
        assertThat(audit.find(new AuditQuery(null, null, "result.withdraw", null, null, 0, 1000)))
                .anySatisfy(r -> assertThat(r.event().targets()).containsExactly("DiagnosticReport/" + first.id(),
                        "ImagingStudy/" + ct.studyInstanceUid()));
        assertThat(archive.series(ct.studyInstanceUid(), ct.seriesInstanceUid())).as("nothing lost").hasSize(4);
    }

    @Test
    void aChangedCopyOfAnInstanceIsRefusedOverDimseWithDuplicateSopInstance() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        DicomFile original = SampleStudies.ct(seed, 1, 32, "PID-" + seed).instances().get(0);
        var dir = Files.createTempDirectory("dup");
        var first = dir.resolve("first.dcm");
        original.write(first);
        original.dataset().putString(new Tag(0x0008, 0x103E), VR.LO, "changed after sending");
        var changed = dir.resolve("changed.dcm");
        original.write(changed);

        // DCMTK's storescu, as a modality would send: the first copy is kept, the changed one refused with 0111H.
        assertThat(storescu(first)).contains("Received Store Response (Success)");
        // DCMTK prints the status it has no name for in hex: "Unknown Status: 0x111".
        assertThat(storescu(changed)).containsPattern("Received Store Response \\(.*0x0*111\\)");
        assertThat(DicomFile.read(archive.file(original.dataset().string(SOP_INSTANCE_UID))).dataset()
                .string(new Tag(0x0008, 0x103E))).as("the first copy is kept").isNotEqualTo("changed after sending");
    }

    private String storescu(Path file) throws Exception {
        Process process = new ProcessBuilder("storescu", "-v", "-aet", "MODALITY1", "-aec", "CONSILIUM",
                "127.0.0.1", Integer.toString(scp.port()), file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }

    @Test
    void aSeriesWithoutImagesFailsItsJob() {
        SampleStudies.CtSeries ct = SampleStudies.ct(ThreadLocalRandom.current().nextLong(1, 1_000_000), 2, 64,
                "PID-NOIMG");
        for (DicomFile f : ct.instances()) {
            f.dataset().remove(new Tag(0x7FE0, 0x0010));
            archive.store(f, "test");
        }

        assertThat(failedJob(ct.seriesInstanceUid()).lastError()).contains("is not an image series");
        assertNothingPublished(ct.studyInstanceUid(), ct.seriesInstanceUid(), 2);
    }

    @Test
    void aModalityWithoutARoutingRuleFailsItsJob() {
        SampleStudies.CtSeries ct = SampleStudies.ct(ThreadLocalRandom.current().nextLong(1, 1_000_000), 2, 64,
                "PID-XA");
        for (DicomFile f : ct.instances()) {
            Dataset ds = f.dataset();
            ds.putString(new Tag(0x0008, 0x0060), VR.CS, "XA");
            archive.store(f, "test");
        }

        JobView job = failedJob(ct.seriesInstanceUid());
        assertThat(job.lastError()).contains("no routing rule for modality 'XA'");
        assertThat(job.attempts()).as("bad input is not retried").isEqualTo(1);
        assertNothingPublished(ct.studyInstanceUid(), ct.seriesInstanceUid(), 2);
        KeycloakTestClient.as("int1").get("/api/jobs?status=FAILED").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem((int) job.id()));
    }

    @Test
    void unknownTasksAndResultsAre404WithTheErrorShape() {
        given().get("/api/results/nope").then().statusCode(404).body("error", equalTo("not found"));
        KeycloakTestClient.as("rad1").post("/api/tasks/nope/completion").then().statusCode(404);
        given().get("/api/tasks?mine=false&status=SOMETIMES").then().statusCode(400);
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("consilium_job_queue_depth"));
    }

    private void assertNothingPublished(String study, String series, int instancesKept) {
        assertThat(results.resultOfSeries(series)).isEmpty();
        assertThat(catalog.find(study)).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo(StudyStatus.FAILED);
            assertThat(s.resultId()).isNull();
        });
        assertThat(archive.series(study, series)).as("nothing lost").hasSize(instancesKept);
    }

    private JobView failedJob(String series) {
        return await(() -> queue.findByKey("segment:" + series).filter(j -> j.status() == JobStatus.FAILED)
                .orElse(null));
    }

    private SampleStudies.CtSeries store(long seed, int slices) {
        SampleStudies.CtSeries ct = SampleStudies.ct(seed, slices, 96, "PID-" + seed);
        ct.instances().forEach(f -> archive.store(f, "test"));
        return ct;
    }

    private static io.restassured.response.Response put(Views.Task task, int k, byte[] labels) {
        return KeycloakTestClient.as(task.expert()).contentType(ContentType.JSON)
                .body(Map.of("labels", Base64.getEncoder().encodeToString(labels)))
                .put("/api/tasks/" + task.id() + "/slices/" + k);
    }

    private static int indexOf(byte[] values, byte wanted) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("no pixel with value " + wanted);
    }

    private static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    /**
     * The result of the first {@code slices} instances of a series. On a slow machine the settle time may pass
     * between two of them: a result of part of them is then superseded, which is not what these tests are about.
     */
    private Views.Result awaitWhole(SampleStudies.CtSeries ct, int slices) {
        return await(() -> results.resultOfSeries(ct.seriesInstanceUid()).filter(r -> r.sliceCount() == slices)
                .orElse(null));
    }

    private static <T> T await(Supplier<T> probe) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not reached within " + WAIT.toSeconds() + " s");
    }

    /** Requests as {@value #CALLER}, with a token from the real Keycloak that scripts/test.sh starts. */
    private static RequestSpecification given() {
        return KeycloakTestClient.as(CALLER);
    }

    private static io.restassured.response.ValidatableResponse fhirReport(String resultId) {
        return KeycloakTestClient.as("int1").accept("application/fhir+json")
                .get("/fhir/DiagnosticReport/" + resultId).then().statusCode(200)
                .body("resourceType", equalTo("DiagnosticReport"));
    }

    /** What the EHR reads once the review is done: every resource valid against base R4. */
    private void assertFhirFinal(Views.Result done, List<Views.Task> tasks, String study, String patientId) throws Exception {
        var report = FhirValidation.CONTEXT.newJsonParser().parseResource(DiagnosticReport.class,
                fhirReport(done.id()).extract().asString());
        assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        assertThat(report.getImagingStudyFirstRep().getReference()).isEqualTo("ImagingStudy/" + study);
        assertThat(FhirValidation.errors(report)).isEmpty();
        assertThat(ids(fhirSearch("/fhir/DiagnosticReport?patient:identifier=" + patientId + "&status=preliminary")))
                .isEmpty();

        Bundle provenance = fhirSearch("/fhir/Provenance?target=DiagnosticReport/" + done.id());
        var record = (Provenance) provenance.getEntryFirstRep().getResource();
        assertThat(record.getActivity().getCodingFirstRep().getCode()).isEqualTo("UPDATE");
        assertThat(record.getAgent()).extracting(a -> a.getWho().getDisplay())
                .as("the model and the two experts who reviewed").hasSize(3).contains("rad1", "rad2");
        assertThat(record.getEntityFirstRep().getWhat().getReference())
                .isEqualTo(report.getImagingStudyFirstRep().getReference());
        assertThat(FhirValidation.errors(provenance)).isEmpty();

        Bundle reviewTasks = fhirSearch("/fhir/Task?focus=DiagnosticReport/" + done.id() + "&status=completed");
        assertThat(ids(reviewTasks)).containsExactlyInAnyOrderElementsOf(tasks.stream().map(Views.Task::id).toList());
        assertThat(FhirValidation.errors(reviewTasks)).isEmpty();
        assertThat(ids(fhirSearch("/fhir/Task?focus=DiagnosticReport/" + done.id()
                + "&owner:identifier=urn:consilium:user|rad2"))).hasSize(1);

        Bundle documents = fhirSearch("/fhir/DocumentReference?related=DiagnosticReport/" + done.id());
        assertThat(FhirValidation.errors(documents)).isEmpty();
        var seg = (DocumentReference) documents.getEntryFirstRep().getResource();
        assertThat(seg.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/dicom");
        byte[] binary = KeycloakTestClient.as("int1").accept("application/dicom")
                .get("/fhir/" + seg.getContentFirstRep().getAttachment().getUrl())
                .then().statusCode(200).contentType("application/dicom").extract().asByteArray();
        assertThat(binary).as("the DICOM SEG the PACS received")
                .isEqualTo(Files.readAllBytes(archive.file(done.segInstanceUid())));

        // Radiology records stay with radiology roles: a dental lab's technician reads none of them.
        String segPath = "/fhir/" + seg.getContentFirstRep().getAttachment().getUrl();
        for (String path : List.of("/fhir/DiagnosticReport/" + done.id(), "/fhir/Task?focus=DiagnosticReport/"
                + done.id(), "/fhir/DocumentReference/" + seg.getIdElement().getIdPart(), segPath,
                "/fhir/Provenance/" + done.id() + "-provenance")) {
            KeycloakTestClient.as("tech1").accept("application/fhir+json").get(path).then().statusCode(403);
            KeycloakTestClient.as("rad1").accept("application/fhir+json").get(path).then().statusCode(200);
        }
        // Searches of types both areas use leave the other area out.
        for (String search : List.of("/fhir/Provenance?target=DiagnosticReport/" + done.id(),
                "/fhir/DocumentReference?related=DiagnosticReport/" + done.id())) {
            assertThat(KeycloakTestClient.as("tech1").accept("application/fhir+json").get(search).then()
                    .statusCode(200).extract().jsonPath().getList("entry")).as(search).isNullOrEmpty();
            assertThat(KeycloakTestClient.as("rad1").accept("application/fhir+json").get(search).then()
                    .statusCode(200).extract().jsonPath().getList("entry")).as(search).hasSize(1);
        }
    }

    private static Bundle fhirSearch(String path) {
        return FhirValidation.CONTEXT.newJsonParser().parseResource(Bundle.class,
                KeycloakTestClient.as("int1").accept("application/fhir+json").get(path).then().statusCode(200)
                        .extract().asString());
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static boolean orthancHolds(String sopInstanceUid) {
        String orthanc = System.getenv("CONSILIUM_TEST_ORTHANC_URL");
        String found = io.restassured.RestAssured.given().contentType("application/json")
                .body("{\"Level\":\"Instance\",\"Query\":{\"SOPInstanceUID\":\"" + sopInstanceUid + "\"}}")
                .post(orthanc + "/tools/find").then().statusCode(200).extract().asString();
        return !found.replaceAll("\\s", "").equals("[]");
    }
}
