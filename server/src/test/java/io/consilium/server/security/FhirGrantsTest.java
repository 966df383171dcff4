package io.consilium.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.server.security.FhirGrants.Access;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FhirGrantsTest {

    @Test
    void smartSystemScopesAndRoleGrantsReadAlike() {
        FhirGrants grants = FhirGrants.parse(List.of("openid", "system/DiagnosticReport.read", "Task.*"))
                .inAreas(EnumSet.allOf(ClinicalArea.class));
        assertThat(grants.permits("DiagnosticReport", Access.READ)).isTrue();
        assertThat(grants.permits("DiagnosticReport", Access.WRITE)).isFalse();
        assertThat(grants.permits("Task", Access.WRITE)).isTrue();
        assertThat(grants.permits("Observation", Access.READ)).isFalse();
        assertThat(grants.permitsAnyType(Access.READ)).isFalse();
    }

    @Test
    void theWildcardCoversEveryTypeButTheAuditTrail() {
        FhirGrants all = FhirGrants.parse(List.of("system/*.read")).inAreas(EnumSet.allOf(ClinicalArea.class));
        assertThat(all.permits("Observation", Access.READ)).isTrue();
        assertThat(all.permitsAnyType(Access.READ)).isTrue();
        assertThat(all.permits("AuditEvent", Access.READ)).isFalse();
        assertThat(all.permits("Observation", Access.WRITE)).isFalse();
        assertThat(all.and(FhirGrants.parse(List.of("AuditEvent.read"))).permits("AuditEvent", Access.READ)).isTrue();
    }

    @Test
    void grantsHoldWithinTheCallersClinicalAreas() {
        FhirGrants lab = FhirGrants.parse(List.of("*.read")).inAreas(List.of(ClinicalArea.DENTAL));
        for (String radiology : List.of("ImagingStudy", "DiagnosticReport", "Observation", "Task")) {
            assertThat(lab.permits(radiology, Access.READ)).as(radiology).isFalse();
        }
        assertThat(lab.permits("DocumentReference", Access.READ)).isTrue();
        assertThat(lab.permits("Patient", Access.READ)).isTrue();
        assertThat(lab.permitsArea(ClinicalArea.DENTAL)).isTrue();
        assertThat(lab.permitsArea(ClinicalArea.RADIOLOGY)).isFalse();

        FhirGrants both = lab.and(FhirGrants.parse(List.of("*.read")).inAreas(List.of(ClinicalArea.RADIOLOGY)));
        assertThat(both.permits("DiagnosticReport", Access.READ)).isTrue();
        assertThat(both.permitsArea(ClinicalArea.DENTAL)).isTrue();
    }

    @Test
    void patientAndUserContextScopesGrantNothingHere() {
        FhirGrants grants = FhirGrants.parse(List.of("patient/*.read", "user/Task.write", "launch", "*.bogus"));
        assertThat(grants.permits("Task", Access.WRITE)).isFalse();
        assertThat(grants.permits("Observation", Access.READ)).isFalse();
    }

    @Test
    void theResourceTypeIsTheFirstSegmentAfterFhir() {
        assertThat(FhirAccessPolicy.resourceType("/fhir/DiagnosticReport/12/_history/1")).isEqualTo("DiagnosticReport");
        assertThat(FhirAccessPolicy.resourceType("/fhir")).isNull();
        assertThat(FhirAccessPolicy.resourceType("/fhir/_history")).isNull();
        assertThat(FhirAccessPolicy.resourceType("/fhir/$export")).isNull();
        assertThat(FhirAccessPolicy.resourceType("/dicomweb/studies/1.2.3/series")).isEqualTo("ImagingStudy");
    }
}
