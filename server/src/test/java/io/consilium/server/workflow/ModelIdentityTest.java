package io.consilium.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditQuery;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.seg.DeferralTraining;
import io.consilium.seg.ModelCatalog;
import io.consilium.seg.ModelIdentity;
import io.consilium.seg.SyntheticPhantoms;
import io.consilium.seg.TrainingSettings;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.demo.SampleStudies;
import io.consilium.server.fhir.FhirValidation;
import io.consilium.server.security.KeycloakTestClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Results made by two different models each keep naming their own model: in the result row, the FHIR Device that
 * their Observations and Provenance reference, the audit trail's actor and the merged DICOM SEG. A result stored
 * before model identities were kept (weights 'unknown') still has its Device.
 */
@QuarkusTest
@TestProfile(TwoModelsTestProfile.class)
class ModelIdentityTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    DicomArchive archive;

    @Inject
    ResultStore results;

    @Inject
    AuditTrail audit;

    @Inject
    ReviewService review;

    @Inject
    Session session;

    @Test
    void eachResultNamesTheModelThatMadeItInFhirAndTheAuditTrail() throws Exception {
        // Tiny: a real trained model whose weights differ from the phantom model's, from an empty directory.
        long trainingSeed = 7;
        deleteRecursively(TwoModelsTestProfile.RETRAINED);
        DeferralTraining.train(SyntheticPhantoms.generate(trainingSeed, 4, 64, 3),
                new TrainingSettings(4, 1, 4, 0.003f, trainingSeed, 0.7, 0.1, 0.05), TwoModelsTestProfile.RETRAINED,
                false, progress -> { }).close();
        ModelIdentity phantom = ModelCatalog.resolve(ModelCatalog.PHANTOM).identity();
        ModelIdentity retrained = ModelCatalog.resolve(TwoModelsTestProfile.RETRAINED.toString()).identity();
        assertThat(retrained.name()).isEqualTo("phantom-retrained");
        assertThat(retrained.weightsDigest()).isNotEqualTo(phantom.weightsDigest());

        long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
        SampleStudies.CtSeries first = SampleStudies.ct(seed, 3, 64, "PID-" + seed);
        first.instances().forEach(f -> archive.store(f, "test"));
        Views.Result byPhantom = await(() -> wholeSeries(first));
        SampleStudies.CtSeries second = SampleStudies.ct(seed + 1, 3, 64, "PID-" + (seed + 1));
        second.instances().forEach(f -> {
            f.dataset().putString(new Tag(0x0008, 0x103E), VR.LO, "Retrained check");
            archive.store(f, "test");
        });
        Views.Result byRetrained = await(() -> wholeSeries(second));

        assertThat(byPhantom.task()).isEqualTo("ct-organ");
        assertThat(byPhantom.model()).isEqualTo(model(phantom));
        assertThat(byRetrained.task()).isEqualTo("ct-retrained");
        assertThat(byRetrained.model()).isEqualTo(model(retrained));

        String phantomDevice = assertFhirNames(byPhantom.id(), "PID-" + seed, phantom);
        String retrainedDevice = assertFhirNames(byRetrained.id(), "PID-" + (seed + 1), retrained);
        assertThat(phantomDevice).isNotEqualTo(retrainedDevice);
        assertAuditNames(byPhantom.id(), phantom);
        assertAuditNames(byRetrained.id(), retrained);

        // Reviewed and merged: the DICOM SEG names the model that made the result too.
        review.tasks(null, null).stream().filter(t -> t.resultId().equals(byRetrained.id()))
                .forEach(t -> review.complete(t.id(), t.expert()));
        Views.Result merged = await(() -> results.result(byRetrained.id())
                .filter(r -> r.status() == ResultStatus.FINAL).orElse(null));
        Dataset seg = DicomFile.read(archive.file(merged.segInstanceUid())).dataset();
        assertThat(seg.string(new Tag(0x0008, 0x1090))).isEqualTo(retrained.name());
        assertThat(seg.string(new Tag(0x0018, 0x1020))).isEqualTo(retrained.version());
        assertThat(assertFhirNames(byRetrained.id(), "PID-" + (seed + 1), retrained)).isEqualTo(retrainedDevice);

        // A result from before identities were kept: its Device says so instead of borrowing today's model.
        String legacyVersion = "bundled-k3-seed" + seed;
        QuarkusTransaction.requiringNew().run(() -> session.persist(legacyRow(legacyVersion)));
        Bundle devices = fhir("/fhir/Device?_count=200", Bundle.class);
        List<Device> all = devices.getEntry().stream().map(e -> (Device) e.getResource()).toList();
        assertThat(all).extracting(d -> d.getIdElement().getIdPart())
                .contains(phantomDevice, retrainedDevice);
        Device legacy = all.stream().filter(d -> d.getVersion().get(0).getValue().equals(legacyVersion)).findFirst()
                .orElseThrow();
        assertThat(legacy.getDeviceNameFirstRep().getName()).isEqualTo("DeferredSeg");
        assertThat(legacy.getVersion().get(1).getValue()).isEqualTo("unknown");
        assertThat(FhirValidation.errors(devices)).isEmpty();
    }

    /**
     * The result that covers every slice. On a slow machine the settle time may pass between two instances of a
     * series: an earlier result of part of the series is then superseded, which is not what this test is about.
     */
    private Views.Result wholeSeries(SampleStudies.CtSeries series) {
        return results.resultOfSeries(series.seriesInstanceUid())
                .filter(r -> r.sliceCount() == series.instances().size()).orElse(null);
    }

    /** The report's Observations and Provenance reference the model's Device, which carries its identity. */
    private static String assertFhirNames(String resultId, String patientId, ModelIdentity model) {
        Bundle report = fhir("/fhir/DiagnosticReport?patient:identifier=" + patientId
                + "&status=preliminary,final&_include=DiagnosticReport:result", Bundle.class);
        assertThat(report.getEntry()).filteredOn(e -> e.getResource().fhirType().equals("DiagnosticReport"))
                .extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(resultId);
        List<Observation> observations = report.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance).map(Observation.class::cast).toList();
        assertThat(observations).isNotEmpty();
        String device = observations.get(0).getDevice().getReference();
        assertThat(observations).allSatisfy(o -> assertThat(o.getDevice().getReference()).isEqualTo(device));
        assertThat(observations.get(0).getDevice().getIdentifier().getValue())
                .isEqualTo(model.name() + ":" + model.version());

        Bundle provenance = fhir("/fhir/Provenance?target=DiagnosticReport/" + resultId, Bundle.class);
        assertThat(((Provenance) provenance.getEntryFirstRep().getResource()).getAgentFirstRep().getWho()
                .getReference()).isEqualTo(device);

        Device read = fhir("/fhir/" + device, Device.class);
        assertThat(read.getDeviceNameFirstRep().getName()).isEqualTo(model.name());
        assertThat(read.getVersion()).extracting(v -> v.getValue())
                .containsExactly(model.version(), model.weightsDigest());
        assertThat(read.getProperty()).extracting(p -> p.getType().getText()).contains("training.seed", "experts");
        assertThat(FhirValidation.errors(report)).isEmpty();
        assertThat(FhirValidation.errors(read)).isEmpty();
        return read.getIdElement().getIdPart();
    }

    private void assertAuditNames(String resultId, ModelIdentity model) {
        Actor actor = audit.find(new AuditQuery(null, null, "seg.infer", null, null, 0, 1000)).stream()
                .filter(r -> r.event().targets().contains("DiagnosticReport/" + resultId)).findFirst().orElseThrow()
                .event().actor();
        assertThat(actor).isEqualTo(Actor.model(model.name(), model.version(), model.weightsDigest()));
    }

    private static Views.Model model(ModelIdentity identity) {
        return new Views.Model(identity.name(), identity.version(), identity.weightsDigest());
    }

    /** A result row as migration V11 leaves one made before it. */
    private static SegResultRow legacyRow(String version) {
        SegResultRow row = new SegResultRow();
        row.id = UUID.randomUUID().toString();
        row.studyInstanceUid = "2.25.1" + Math.abs(row.id.hashCode());
        row.seriesInstanceUid = row.studyInstanceUid + ".1";
        row.status = ResultStatus.FINAL;
        row.routingTask = "ct-organ";
        row.prompt = "box 0.200,0.200,0.800,0.800 of the slice";
        row.rows = 1;
        row.columns = 1;
        row.sliceCount = 0;
        row.experts = "rad1";
        row.expertShare = "0";
        row.modelName = "DeferredSeg";
        row.modelVersion = version;
        row.modelWeightsDigest = "unknown";
        row.createdAt = Instant.now();
        return row;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static <T extends Resource> T fhir(String path, Class<T> type) {
        return FhirValidation.CONTEXT.newJsonParser().parseResource(type, KeycloakTestClient.as("int1")
                .accept("application/fhir+json").get(path).then().statusCode(200).extract().asString());
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
}
