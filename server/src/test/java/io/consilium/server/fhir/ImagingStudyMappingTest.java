package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.archive.StoredInstance;
import io.consilium.server.study.StudyStatus;
import io.consilium.server.study.StudySummary;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A study of the archive as an ImagingStudy: the values an EHR or viewer reads, and validity against base R4. */
class ImagingStudyMappingTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-20T08:15:00Z");
    private final PatientReferences patients = new PatientReferences("urn:oid:1.2.3.4");
    private final StudySummary study = new StudySummary("1.2.3", "CT", "Chest", StudyStatus.RECEIVED, RECEIVED, null);

    @Test
    void seriesAndInstancesAreHeldInOrderWithTheStudyDateAndPatient() {
        ImagingStudy imaging = ImagingStudyMapping.imagingStudy(study, List.of(instance("1.2.3.1", "1.2.3.1.1", 1,
                "20261120"), instance("1.2.3.1", "1.2.3.1.2", 2, "20261120"), instance("1.2.3.2", "1.2.3.2.1", 1,
                "20261120")), patients, "https://pacs.example/dicomweb");

        assertThat(imaging.getIdPart()).isEqualTo("1.2.3");
        assertThat(imaging.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        assertThat(imaging.getStartedElement().getValueAsString()).isEqualTo("2026-11-20");
        assertThat(imaging.getSubject().getIdentifier().getValue()).isEqualTo("PID-1");
        assertThat(imaging.getSubject().getReference()).isEqualTo("Patient/" + patients.id("PID-1"));
        assertThat(imaging.getNumberOfSeries()).isEqualTo(2);
        assertThat(imaging.getNumberOfInstances()).isEqualTo(3);
        assertThat(imaging.getSeriesFirstRep().getInstance()).extracting(i -> i.getUid())
                .containsExactly("1.2.3.1.1", "1.2.3.1.2");
        assertThat(imaging.getEndpointFirstRep().getReference()).isEqualTo("#dicomweb");
        assertThat(FhirValidation.errors(imaging)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026112", "202611201", "20261340", "20260230", "2026-1-2", "２０２６１１２０"})
    void aMalformedStudyDateIsLeftOutNotGuessed(String studyDate) {
        ImagingStudy imaging = ImagingStudyMapping.imagingStudy(study,
                List.of(instance("1.2.3.1", "1.2.3.1.1", 1, studyDate)), patients, "https://pacs.example/dicomweb");

        assertThat(imaging.hasStarted()).isFalse();
        assertThat(imaging.getNumberOfInstances()).isEqualTo(1);
    }

    private static StoredInstance instance(String series, String sop, int number, String studyDate) {
        return new StoredInstance(sop, "1.2.840.10008.5.1.4.1.1.2", "1.2.3", series, "1.2.840.10008.1.2.1", "CT",
                number, 1, "Axial", "CHEST", "PID-1", studyDate, "ACC1", 1024, "0".repeat(64), "test", RECEIVED);
    }
}
