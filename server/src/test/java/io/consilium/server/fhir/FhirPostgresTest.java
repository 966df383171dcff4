package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.SyntheticCases;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.platform.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.Test;

/**
 * The FHIR facade's queries (native SQL over the catalogue and the archive index, the results' and abutment cases'
 * searches) on the real PostgreSQL server that scripts/postgres.sh starts on 127.0.0.1.
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

    @Test
    void searchesResultsAndAbutmentDesignsByPatientStatusAndDate() {
        String patientId = "PID-" + UUID.randomUUID();
        SampleStudies.store(archive, patientId, "20261120", "ACC1", 1, 1);
        String caseJson = AbutmentJson.write(SyntheticCases.generate(3, 1).get(0).abutmentCase());
        var created = KeycloakTestClient.as("tech1").contentType(ContentType.JSON)
                .body("{\"patientId\": \"" + patientId + "\", \"case\": " + caseJson + "}")
                .post("/api/abutment/cases").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        List<Integer> feasible = created.getList("proposal.abutments.findAll { it.feasible }.tooth", Integer.class);
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        Bundle documents = search("/fhir/DocumentReference?patient:identifier=" + patientId
                + "&status=current&date=ge" + today);
        assertThat(documents.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrderElementsOf(feasible.stream()
                        .map(tooth -> AbutmentMapping.documentId(id, tooth)).toList());
        assertThat(search("/fhir/DocumentReference?patient:identifier=" + patientId + "&status=entered-in-error")
                .getEntry()).isEmpty();
        // The study has no result yet: these run the results' queries (patient by the archive index, status, date).
        assertThat(search("/fhir/DiagnosticReport?patient:identifier=" + patientId + "&status=preliminary,final&date=ge"
                + today).getTotal()).isZero();
        assertThat(search("/fhir/Task?patient:identifier=" + patientId + "&authored-on=ge" + today).getEntry())
                .isEmpty();
    }

    private static Bundle search(String path) {
        return FhirValidation.CONTEXT.newJsonParser().parseResource(Bundle.class,
                given().accept("application/fhir+json").get(path).then().statusCode(200).extract().asString());
    }

    /** Requests as {@value #CALLER}, with a token from the real Keycloak that scripts/test.sh starts. */
    private static RequestSpecification given() {
        return KeycloakTestClient.as(CALLER);
    }
}
