package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.api.Test;

/** The abutment design mappings where the HTTP test does not reach: no patient, an older model, nothing to target. */
class AbutmentMappingTest {

    private static final Instant PROPOSED = Instant.parse("2026-11-27T10:00:00Z");
    private static final byte[] STL = "solid abutment\nendsolid abutment\n".getBytes(StandardCharsets.US_ASCII);
    private static final AiModel DESIGNER = new AiModel("abutment-moe", "abutment-moe/full (seed 42)",
            "sha256:00", "abutment design", Map.of());

    private final PatientReferences patients = new PatientReferences("urn:oid:1.2.3.4");

    @Test
    void aCaseWithoutPatientHasNoSubjectAndStaysValid() {
        var design = design(null, DESIGNER.version(), List.of(36, 37));
        DocumentReference reference = AbutmentMapping.documentReference(design, 36, STL, patients, DESIGNER);

        assertThat(reference.getIdElement().getIdPart()).isEqualTo("abutment-c1-36");
        assertThat(reference.hasSubject()).isFalse();
        assertThat(reference.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
        assertThat(reference.getAuthorFirstRep().getReference()).isEqualTo("Device/" + DESIGNER.deviceId());
        assertThat(reference.getContentFirstRep().getAttachment().getSize()).isEqualTo(STL.length);
        assertThat(FhirValidation.errors(reference)).isEmpty();
        assertThat(AbutmentMapping.implant("abutment-c1-36")).contains(new AbutmentMapping.Implant("c1", 36));
        assertThat(AbutmentMapping.implant("abutment-c1-provenance")).isEmpty();
        assertThat(AbutmentMapping.implant("2.25.1234")).isEmpty();
        assertThat(AbutmentMapping.caseOfProvenance(AbutmentMapping.provenanceId("c1"))).contains("c1");
    }

    @Test
    void aDesignByAModelNoLongerRunIsNamedByItsIdentifier() {
        var design = design("PID-7", "abutment-moe/full (seed 7)", List.of(36));
        var provenance = AbutmentMapping.provenance(design, DESIGNER).orElseThrow();

        var device = provenance.getAgentFirstRep().getWho();
        assertThat(device.hasReference()).isFalse();
        assertThat(device.getIdentifier().getValue()).isEqualTo("abutment-moe:abutment-moe/full (seed 7)");
        assertThat(FhirValidation.errors(provenance)).isEmpty();
    }

    @Test
    void aCaseWithoutAnyStlHasNoProvenance() {
        assertThat(AbutmentMapping.provenance(design("PID-7", DESIGNER.version(), List.of()), DESIGNER)).isEmpty();
    }

    private static AbutmentDesignView design(String patientId, String modelVersion, List<Integer> teeth) {
        return new AbutmentDesignView("c1", "LAB-1", AbutmentDesignView.Status.PROPOSED, patientId, modelVersion,
                "tech1", PROPOSED, null, null, false, null, teeth);
    }
}
