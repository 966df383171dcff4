package io.consilium.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

class FhirAuditExportTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00.123456Z");
    private final FhirAuditExport export = new FhirAuditExport("consilium-test");

    private final SealedRecord inference = AuditChain.seal("consilium", 42,
            AuditEvent.of(Actor.model("deferred-seg", "0.3.1", "sha256:" + "ab".repeat(32)), "seg.infer",
                    "ImagingStudy/1.2.840.113619.2.55")
                    .target("Task/review-7").at(T0).patient("PID-4711").source("10.1.2.3")
                    .input("ct-series", "sha256:" + "11".repeat(32)).output("mask", "sha256:" + "22".repeat(32))
                    .detail("{\"deferredShare\":0.12}").build(),
            AuditChain.GENESIS);

    private final SealedRecord expertEdit = AuditChain.seal("consilium", 43,
            AuditEvent.of(Actor.user("dr.grey", "radiologist"), "task.complete", "Task/review-7").at(T0)
                    .patient("PID-4711").source("WORKSTATION_3").input("ai-mask", "sha256:" + "22".repeat(32))
                    .output("merged-mask", "sha256:" + "33".repeat(32)).build(),
            inference.hash());

    private final SealedRecord failedRead = AuditChain.seal("consilium", 44,
            AuditEvent.of(Actor.user("dr.grey", "radiologist"), "study.read", "ImagingStudy/1.2.3").at(T0)
                    .outcome(Outcome.SERIOUS_FAILURE, "study not found").build(),
            expertEdit.hash());

    @Test
    void auditEventsFollowBalpAndValidate() {
        for (SealedRecord record : new SealedRecord[] {inference, expertEdit, failedRead}) {
            var audit = export.auditEvent(record);
            assertThat(FhirValidation.errors(audit)).as(record.event().action()).isEmpty();
        }
        var read = export.auditEvent(failedRead);
        assertThat(read.getType().getCode()).isEqualTo("rest");
        assertThat(read.getSubtype()).extracting(c -> c.getCode()).containsExactly("read", "study.read");
        assertThat(read.getAction()).isEqualTo(AuditEventAction.R);
        assertThat(read.getOutcome().toCode()).isEqualTo("8");
        assertThat(read.getOutcomeDesc()).isEqualTo("study not found");
    }

    @Test
    void anInferenceNamesModelPatientTargetsAndDigests() {
        var audit = export.auditEvent(inference);
        assertThat(audit.getType().getCode()).isEqualTo("110100");
        assertThat(audit.getAgentFirstRep().getWho().getType()).isEqualTo("Device");
        assertThat(audit.getAgentFirstRep().getWho().getDisplay()).contains("deferred-seg 0.3.1").contains("abab");
        assertThat(audit.getAgentFirstRep().getNetwork().getAddress()).isEqualTo("10.1.2.3");
        AuditEventEntityComponent patient = audit.getEntity().get(0);
        assertThat(patient.getRole().getCode()).isEqualTo("1");
        assertThat(patient.getWhat().getIdentifier().getValue()).isEqualTo("PID-4711");
        assertThat(audit.getEntity()).extracting(e -> e.getWhat().getReference())
                .contains("ImagingStudy/1.2.840.113619.2.55", "Task/review-7");
        assertThat(audit.getEntity()).extracting(AuditEventEntityComponent::getName)
                .contains("input: ct-series", "output: mask", "audit record");
        assertThat(audit.getRecordedElement().getValueAsString()).startsWith("2026-11-27T08:00:00.123");
    }

    @Test
    void provenanceForAiResultsAndExpertEditsValidates() {
        Provenance ai = export.provenance(inference).orElseThrow();
        assertThat(FhirValidation.errors(ai)).isEmpty();
        assertThat(ai.getAgentFirstRep().getWho().getType()).isEqualTo("Device");
        assertThat(ai.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("author");
        assertThat(ai.getTarget()).extracting(r -> r.getReference())
                .containsExactly("ImagingStudy/1.2.840.113619.2.55", "Task/review-7");
        assertThat(ai.getEntity()).extracting(e -> e.getWhat().getIdentifier().getValue())
                .containsExactly("sha256:" + "11".repeat(32), "sha256:" + "ab".repeat(32));

        Provenance expert = export.provenance(expertEdit).orElseThrow();
        assertThat(FhirValidation.errors(expert)).isEmpty();
        assertThat(expert.getAgentFirstRep().getWho().getType()).isEqualTo("Practitioner");
        assertThat(expert.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("dr.grey");
    }

    @Test
    void nothingProducedMeansNoProvenance() {
        assertThat(export.provenance(failedRead)).isEmpty();
    }

    @Test
    void theValidatorCatchesAnInvalidResource() {
        var audit = export.auditEvent(failedRead);
        audit.setRecorded(null);
        assertThat(FhirValidation.errors(audit)).isNotEmpty();
    }
}
