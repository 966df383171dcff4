package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.platform.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;

/**
 * The ImagingStudy queries (native SQL over the catalogue and the archive index) on the real PostgreSQL server
 * that scripts/postgres.sh starts on 127.0.0.1.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class FhirPostgresTest {

    private static final String CALLER = "int1";

    @Inject
    DicomArchive archive;

    @Test
    void readsSearchesAndPagesStudies() {
        String patientId = "PID-" + UUID.randomUUID();
        String first = SampleStudies.store(archive, patientId, "20261120", "ACC1", 2, 2);
        SampleStudies.store(archive, patientId, "20261125", "ACC2", 1, 1);

        var study = FhirValidation.CONTEXT.newJsonParser().parseResource(ImagingStudy.class,
                given().accept("application/fhir+json").get("/fhir/ImagingStudy/" + first)
                        .then().statusCode(200).extract().asString());
        assertThat(study.getNumberOfInstances()).isEqualTo(4);
        assertThat(study.getMeta().getLastUpdated()).isNotNull();

        var page = FhirValidation.CONTEXT.newJsonParser().parseResource(Bundle.class,
                given().accept("application/fhir+json")
                        .get("/fhir/ImagingStudy?patient.identifier=" + patientId + "&started=le2026-11-21&_count=1")
                        .then().statusCode(200).extract().asString());
        assertThat(page.getTotal()).isEqualTo(1);
        assertThat(page.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(first);
    }

    /** Requests as {@value #CALLER}, with a token from the real Keycloak that scripts/test.sh starts. */
    private static RequestSpecification given() {
        return KeycloakTestClient.as(CALLER);
    }
}
