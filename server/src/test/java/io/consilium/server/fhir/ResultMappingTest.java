package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The result mappings: values a consumer reads, and validity against base R4. */
class ResultMappingTest {

    private final PatientReferences patients = new PatientReferences("urn:oid:1.2.3.4");
    private final AiResultView preliminary = ResultViews.preliminary("r1", "1.2.3", "PID-1");
    private final AiResultView merged = ResultViews.merged(preliminary, 0.9123);

    @Test
    void aPreliminaryReportCarriesTheAiResultAwaitingReview() {
        DiagnosticReport report = ResultMapping.diagnosticReport(preliminary, patients);

        assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(report.getImagingStudyFirstRep().getReference()).isEqualTo("ImagingStudy/1.2.3");
        assertThat(report.getSubject().getIdentifier().getValue()).isEqualTo("PID-1");
        assertThat(report.getBasedOnFirstRep().getIdentifier().getValue()).isEqualTo("ACC1");
        assertThat(report.getResult()).extracting(r -> r.getReference())
                .containsExactly("Observation/r1-volume", "Observation/r1-deferral-rate", "Observation/r1-expert-share");
        assertThat(report.hasResultsInterpreter()).isFalse();
        assertThat(report.getConclusion()).contains("1432.5 mL", "12.0 %", "preliminary");
        assertThat(FhirValidation.errors(report)).isEmpty();
    }

    @Test
    void theFinalReportNamesTheReviewersAndAddsDice() {
        DiagnosticReport report = ResultMapping.diagnosticReport(merged, patients);

        assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        assertThat(report.getIssued()).isEqualTo(java.util.Date.from(ResultViews.MERGED));
        assertThat(report.getResultsInterpreter()).extracting(r -> r.getIdentifier().getValue())
                .containsExactly("rad1", "rad2");
        assertThat(report.getResult()).extracting(r -> r.getReference()).contains("Observation/r1-dice");
        assertThat(FhirValidation.errors(report)).isEmpty();
    }

    @Test
    void observationsHoldVolumeDeferralRatePerExpertShareAndDice() {
        List<Observation> observations = ResultMapping.observations(merged, patients);

        assertThat(observations).extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .containsExactly("volume", "deferral-rate", "expert-share", "dice");
        Quantity volume = observations.get(0).getValueQuantity();
        assertThat(volume.getValue()).isEqualByComparingTo("1432.50");
        assertThat(volume.getCode()).isEqualTo("mL");
        assertThat(observations.get(1).getValueQuantity().getValue()).isEqualByComparingTo("12.00");
        assertThat(observations.get(2).getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode(),
                c -> c.getValueQuantity().getValue().doubleValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rad1", 8.0),
                        org.assertj.core.groups.Tuple.tuple("rad2", 4.0));
        assertThat(observations.get(3).getValueQuantity().getValue()).isEqualByComparingTo("0.9123");
        assertThat(observations).allSatisfy(o -> {
            assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(o.getDerivedFromFirstRep().getReference()).isEqualTo("ImagingStudy/1.2.3");
            assertThat(o.getDevice().getReference())
                    .isEqualTo("Device/" + DeviceMapping.deviceId(preliminary.modelName(), preliminary.modelVersion()));
            assertThat(FhirValidation.errors(o)).isEmpty();
        });
        assertThat(ResultMapping.observations(preliminary, patients))
                .allMatch(o -> o.getStatus() == Observation.ObservationStatus.PRELIMINARY)
                .noneMatch(o -> o.getCode().getCodingFirstRep().getCode().equals("dice"));
    }

    @Test
    void provenanceNamesTheModelAndTheExpertsAsAuthors() {
        var provenance = ResultMapping.provenance(merged, patients);

        assertThat(provenance.getTarget()).extracting(t -> t.getReference()).contains("DiagnosticReport/r1");
        assertThat(provenance.getAgent()).extracting(a -> a.getWho().getReference() != null
                ? a.getWho().getReference() : a.getWho().getType() + ":" + a.getWho().getIdentifier().getValue())
                .containsExactly("Device/" + DeviceMapping.deviceId(merged.modelName(), merged.modelVersion()),
                        "Practitioner:rad1", "Practitioner:rad2");
        assertThat(ResultMapping.provenance(preliminary, patients).getAgent()).hasSize(1);
        assertThat(FhirValidation.errors(provenance)).isEmpty();
    }

    @Test
    void reviewTasksShowOwnerFocusAndProgressInEveryState() {
        for (ReviewTaskView.Status status : ReviewTaskView.Status.values()) {
            Task task = ResultMapping.reviewTask(ResultViews.task("t1", preliminary, "rad2", 1, status), patients);

            assertThat(task.getOwner().getIdentifier().getValue()).isEqualTo("rad2");
            assertThat(task.getFocus().getReference()).isEqualTo("DiagnosticReport/r1");
            assertThat(task.getFor().getIdentifier().getValue()).isEqualTo("PID-1");
            assertThat(task.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
            assertThat(FhirValidation.errors(task)).as(status.name()).isEmpty();
        }
        Task expired = ResultMapping.reviewTask(ResultViews.task("t1", preliminary, "rad2", 1,
                ReviewTaskView.Status.EXPIRED), patients);
        assertThat(expired.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
        assertThat(expired.getStatusReason().getText()).contains("deadline");
        Task ready = ResultMapping.reviewTask(ResultViews.task("t1", preliminary, "rad2", 1,
                ReviewTaskView.Status.IN_PROGRESS), patients);
        assertThat(ready.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(ready.getInputFirstRep().getValue().primitiveValue()).isEqualTo("1200");
        assertThat(ready.getOutputFirstRep().getValue().primitiveValue()).isEqualTo("300");
    }

    @Test
    void documentsPointToTheirBytes() {
        var seg = ResultViews.seg("d1", merged);
        DocumentReference reference = ResultMapping.documentReference(seg, patients);

        var attachment = reference.getContentFirstRep().getAttachment();
        assertThat(attachment.getContentType()).isEqualTo("application/dicom");
        assertThat(attachment.getUrl()).isEqualTo("Binary/d1");
        assertThat(attachment.getSize()).isEqualTo(7);
        assertThat(reference.getContentFirstRep().getFormat().getCode())
                .isEqualTo("urn:oid:1.2.840.10008.5.1.4.1.1.66.4");
        assertThat(reference.getContext().getRelated()).extracting(r -> r.getReference())
                .containsExactly("DiagnosticReport/r1", "ImagingStudy/1.2.3");
        assertThat(FhirValidation.errors(reference)).isEmpty();

        var stl = ResultMapping.documentReference(ResultViews.stl("d2"), patients);
        assertThat(stl.getContentFirstRep().getAttachment().getContentType()).isEqualTo("model/stl");
        assertThat(stl.hasSubject()).isFalse();
        assertThat(FhirValidation.errors(stl)).isEmpty();

        var binary = ResultMapping.binary(seg);
        assertThat(binary.getData()).isEqualTo(seg.content());
        assertThat(FhirValidation.errors(binary)).isEmpty();
    }
}
