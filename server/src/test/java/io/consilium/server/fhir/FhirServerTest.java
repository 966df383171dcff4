package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.specification.RequestSpecification;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.study.StudyCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FHIR facade over HTTP, on the real archive and audit trail (embedded H2). */
@QuarkusTest
class FhirServerTest {

    private static final String CALLER = "int1";

    private static final String FHIR_JSON = "application/fhir+json";

    @Inject
    DicomArchive archive;

    @Inject
    PatientReferences patients;

    @Inject
    StudyCatalog catalog;

    private String patientId;
    private String study;

    @BeforeEach
    void storeStudies() {
        patientId = "PID-" + UUID.randomUUID();
        study = SampleStudies.store(archive, patientId, "20261120", "ACC1", 2, 3);
    }

    @Test
    void capabilityStatementListsTheResourcesAndTheirSearchParameters() {
        var statement = parse(get("/fhir/metadata"), CapabilityStatement.class);

        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(statement.getPublisher()).isEqualTo("Consilium");
        var resources = statement.getRestFirstRep().getResource();
        assertThat(resources).extracting(r -> r.getType())
                .contains("ImagingStudy", "Patient", "Device", "AuditEvent", "Provenance");
        var imagingStudy = resources.stream().filter(r -> r.getType().equals("ImagingStudy")).findFirst().orElseThrow();
        assertThat(imagingStudy.getSearchParam()).extracting(p -> p.getName())
                .contains("patient", "subject", "identifier", "started", "status", "based-on");
        assertThat(FhirValidation.errors(statement)).isEmpty();
    }

    @Test
    void readsAnImagingStudyWithSeriesInstancesAndItsWadoEndpoint() {
        String body = get("/fhir/ImagingStudy/" + study).asString();
        var imaging = FhirValidation.CONTEXT.newJsonParser().parseResource(ImagingStudy.class, body);

        assertThat(imaging.getIdentifierFirstRep().getSystem()).isEqualTo("urn:dicom:uid");
        assertThat(imaging.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + study);
        assertThat(imaging.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        assertThat(imaging.getNumberOfSeries()).isEqualTo(2);
        assertThat(imaging.getNumberOfInstances()).isEqualTo(6);
        assertThat(imaging.getSeries()).extracting(s -> s.getNumberOfInstances()).containsExactly(3, 3);
        assertThat(imaging.getSeriesFirstRep().getModality().getCode()).isEqualTo("CT");
        assertThat(imaging.getSeriesFirstRep().getInstanceFirstRep().getUid()).isEqualTo(study + ".1.1");
        assertThat(imaging.getStartedElement().getValueAsString()).isEqualTo("2026-11-20");
        assertThat(imaging.getSubject().getReference()).isEqualTo("Patient/" + patients.id(patientId));
        assertThat(imaging.getSubject().getIdentifier().getValue()).isEqualTo(patientId);
        assertThat(imaging.getBasedOnFirstRep().getIdentifier().getValue()).isEqualTo("ACC1");
        var endpoint = (Endpoint) imaging.getContained().get(0);
        assertThat(endpoint.getAddress()).matches("http://[^/]+/dicomweb");
        assertThat(endpoint.getConnectionType().getCode()).isEqualTo("dicom-wado-rs");
        // The payload is DICOM over WADO-RS; DCM 110100 ("Application Activity") is an audit event code.
        assertThat(endpoint.getPayloadTypeFirstRep().getText()).isEqualTo("DICOM WADO-RS");
        assertThat(endpoint.getPayloadTypeFirstRep().getCoding()).noneMatch(c -> "110100".equals(c.getCode()));
        assertThat(endpoint.getPayloadMimeType()).extracting(m -> m.getValue()).containsExactly("application/dicom");
        assertThat(FhirValidation.errors(body)).isEmpty();
    }

    @Test
    void answersInOnePieceWithItsLength() {
        // HAPI's encoder flushes after every number; a read and a search page still go out whole, with their length.
        for (String path : List.of("/fhir/ImagingStudy/" + study, "/fhir/ImagingStudy?patient.identifier=" + patientId)) {
            // The bytes as sent (compressed or not), which the Content-Length counts.
            Response response = given().config(RestAssured.config().decoderConfig(
                    DecoderConfig.decoderConfig().noContentDecoders())).get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.header("Transfer-Encoding")).as(path).isNull();
            assertThat(response.header("Content-Length")).as(path)
                    .isEqualTo(Integer.toString(response.asByteArray().length));
        }
    }

    @Test
    void servesXmlToo() {
        String body = given().accept("application/fhir+xml").get("/fhir/ImagingStudy/" + study)
                .then().statusCode(200).extract().asString();

        assertThat(body).startsWith("<ImagingStudy");
        assertThat(FhirValidation.errors(body)).isEmpty();
    }

    @Test
    void findsStudiesByPatientIdentifierOrReferenceDateAndStatus() {
        String other = SampleStudies.store(archive, patientId, "20261124", "ACC2", 1, 1);
        String system = patients.system();

        assertThat(ids(search("/fhir/ImagingStudy?patient:identifier=" + system + "|" + patientId)))
                .containsExactlyInAnyOrder(study, other);
        assertThat(ids(search("/fhir/ImagingStudy?subject=Patient/" + patients.id(patientId))))
                .containsExactlyInAnyOrder(study, other);
        assertThat(ids(search("/fhir/ImagingStudy?patient.identifier=" + patientId + "&started=ge2026-11-22")))
                .containsExactly(other);
        assertThat(ids(search("/fhir/ImagingStudy?patient.identifier=" + patientId
                + "&started=2026-11-20&status=available"))).containsExactly(study);
        assertThat(ids(search("/fhir/ImagingStudy?identifier=urn:dicom:uid|urn:oid:" + other))).containsExactly(other);
        assertThat(ids(search("/fhir/ImagingStudy?patient.identifier=" + patientId + "&based-on:identifier=ACC2")))
                .containsExactly(other);
        assertThat(ids(search("/fhir/ImagingStudy?patient:identifier=nobody-" + UUID.randomUUID()))).isEmpty();
    }

    @Test
    void pagesWithCountAndNextLinks() {
        SampleStudies.store(archive, patientId, "20261121", "ACC3", 1, 1);
        SampleStudies.store(archive, patientId, "20261122", "ACC4", 1, 1);

        Bundle first = search("/fhir/ImagingStudy?patient.identifier=" + patientId + "&_count=2");
        assertThat(first.getTotal()).isEqualTo(3);
        assertThat(first.getEntry()).hasSize(2);
        String next = first.getLink(Bundle.LINK_NEXT).getUrl();
        assertThat(next).doesNotContain(patientId);

        Bundle second = parse(given().accept(FHIR_JSON).get(next).then().statusCode(200).extract().response(),
                Bundle.class);
        assertThat(second.getEntry()).hasSize(1);
        assertThat(second.getLink(Bundle.LINK_NEXT)).isNull();
        assertThat(ids(first)).doesNotContainAnyElementsOf(ids(second));
        assertThat(FhirValidation.errors(second)).isEmpty();
    }

    @Test
    void includesThePatientReferenceOnRequest() {
        Bundle bundle = search("/fhir/ImagingStudy?_id=" + study + "&_include=ImagingStudy:subject");

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactlyInAnyOrder("ImagingStudy", "Patient");
        var patient = (Patient) bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient).findFirst()
                .orElseThrow().getResource();
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(patientId);
        assertThat(patient.hasName()).isFalse();
        assertThat(bundle.getEntry()).filteredOn(e -> e.getResource() instanceof Patient)
                .allMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE);
        assertThat(FhirValidation.errors(bundle)).isEmpty();

        Bundle without = search("/fhir/ImagingStudy?_id=" + study);
        assertThat(without.getEntry()).extracting(e -> e.getResource().fhirType()).containsExactly("ImagingStudy");
    }

    @Test
    void patientIsAReferenceWithoutDemographics() {
        var patient = parse(get("/fhir/Patient/" + patients.id(patientId)), Patient.class);
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(patientId);
        assertThat(patient.hasName() || patient.hasBirthDate() || patient.hasGender()).isFalse();

        Bundle found = search("/fhir/Patient?identifier=" + patients.system() + "|" + patientId);
        assertThat(ids(found)).containsExactly(patients.id(patientId));
    }

    @Test
    void malformedSearchesGetAnOperationOutcome() {
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/ImagingStudy?colour=blue"), 400, "colour");
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/ImagingStudy?started=yesterday"), 400, "yesterday");
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/ImagingStudy?status=lost"), 400, "lost");
        assertOutcome(caller("/fhir/AuditEvent").accept(FHIR_JSON).get("/fhir/AuditEvent?date=2026-13-40"), 400, "2026-13-40");
    }

    @Test
    void aStudyRegisteredBeforeAnyInstanceArrivedReadsAsRegisteredWithoutSeries() {
        String registered = "2.25." + (UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
        catalog.register(registered, "MR", "Knee");

        var imaging = parse(get("/fhir/ImagingStudy/" + registered), ImagingStudy.class);

        assertThat(imaging.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.REGISTERED);
        assertThat(imaging.getDescription()).isEqualTo("Knee");
        assertThat(imaging.getModalityFirstRep().getCode()).isEqualTo("MR");
        assertThat(imaging.getNumberOfInstances()).isZero();
        assertThat(imaging.hasSeries()).isFalse();
        assertThat(FhirValidation.errors(imaging)).isEmpty();
    }

    @Test
    void unknownResourcesAre404WithAnOperationOutcome() {
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/ImagingStudy/1.2.3.4.5"), 404, "1.2.3.4.5");
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/Device/nothing-here"), 404, "nothing-here");
        assertOutcome(caller("/fhir/AuditEvent").accept(FHIR_JSON).get("/fhir/AuditEvent/consilium-999999999"), 404, "999999999");
    }

    @Test
    void auditEventsAndStudiesAreReadOnly() {
        Response create = given().contentType(FHIR_JSON).accept(FHIR_JSON).body("{\"resourceType\":\"AuditEvent\"}")
                .post("/fhir/AuditEvent");
        // No role may write the audit trail: the FHIR grants refuse it before HAPI is asked.
        assertThat(create.statusCode()).isEqualTo(403);
        // The integrator may write by grant; the facade offers no write: 405, as the README says.
        assertOutcome(given().accept(FHIR_JSON).delete("/fhir/ImagingStudy/" + study), 405, "read-only");
        assertOutcome(given().contentType(FHIR_JSON).accept(FHIR_JSON).body("{\"resourceType\":\"ImagingStudy\"}")
                .post("/fhir/ImagingStudy"), 405, "read-only");
        assertOutcome(given().contentType(FHIR_JSON).accept(FHIR_JSON).body("{\"resourceType\":\"Bundle\"}")
                .post("/fhir"), 405, "read-only");
        get("/fhir/ImagingStudy/" + study);
    }

    @Test
    void everyAdvertisedReverseIncludeIsServed() {
        var statement = parse(get("/fhir/metadata"), CapabilityStatement.class);

        var advertised = statement.getRestFirstRep().getResource().stream()
                .filter(resource -> resource.getSearchRevInclude().stream()
                        .anyMatch(include -> include.getValue().equals("Provenance:target")))
                .map(resource -> resource.getType()).toList();
        assertThat(advertised).contains("DiagnosticReport");
        assertThat(advertised).allSatisfy(type -> assertThat(caller("/fhir/" + type).accept(FHIR_JSON)
                .get("/fhir/" + type + "?_revinclude=Provenance:target").statusCode()).as(type).isEqualTo(200));
    }

    @Test
    void aSortASearchCannotHonourIsRefused() {
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/ImagingStudy?_sort=-started"), 400, "_sort");
        assertOutcome(given().accept(FHIR_JSON).get("/fhir/DiagnosticReport?_sort=status"), 400, "_sort");
        given().accept(FHIR_JSON).get("/fhir/DiagnosticReport?_sort=-date").then().statusCode(200);
    }

    @Test
    void smartDiscoveryComesFromTheIdentityProvidersMetadata() {
        var realm = RestAssured.get(KeycloakTestClient.keycloakUrl()
                + "/realms/consilium/.well-known/openid-configuration").then().statusCode(200).extract().jsonPath();
        // Public: no token.
        var smart = RestAssured.given().get("/fhir/.well-known/smart-configuration").then().statusCode(200)
                .contentType(io.restassured.http.ContentType.JSON).extract().jsonPath();

        assertThat(smart.getString("issuer")).isEqualTo(realm.getString("issuer"));
        assertThat(smart.getString("token_endpoint")).isEqualTo(realm.getString("token_endpoint"));
        assertThat(smart.getString("authorization_endpoint")).isEqualTo(realm.getString("authorization_endpoint"));
        assertThat(smart.getString("introspection_endpoint")).isEqualTo(realm.getString("introspection_endpoint"));
        assertThat(smart.getList("scopes_supported", String.class))
                .containsExactlyInAnyOrderElementsOf(realm.getList("scopes_supported", String.class))
                .contains("system/*.read", "system/DiagnosticReport.read");
        assertThat(smart.getList("grant_types_supported", String.class))
                .containsExactlyInAnyOrder("authorization_code", "client_credentials");
        assertThat(smart.getList("code_challenge_methods_supported", String.class)).containsExactly("S256");
        assertThat(smart.getList("capabilities", String.class)).contains("permission-v1");

        var security = parse(get("/fhir/metadata"), CapabilityStatement.class).getRestFirstRep().getSecurity();
        var uris = security.getExtensionByUrl(CapabilityStatementCustomizer.OAUTH_URIS);
        assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue())
                .isEqualTo(realm.getString("token_endpoint"));
        assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
                .isEqualTo(realm.getString("authorization_endpoint"));
        // The scopes the realm grants, and nothing it does not (user/ scopes grant nothing here).
        assertThat(security.getDescription()).contains("system/*.read", "system/AuditEvent.read")
                .doesNotContain("user/").doesNotContain("openid");
    }

    @Test
    void devicesDescribeEachModelVersion() {
        Bundle bundle = search("/fhir/Device");

        assertThat(bundle.getEntry()).hasSize(2);
        List<Device> devices = bundle.getEntry().stream().map(e -> (Device) e.getResource()).toList();
        assertThat(devices).extracting(d -> d.getDeviceNameFirstRep().getName())
                .containsExactlyInAnyOrder("phantom", "abutment-moe");
        assertThat(devices).allSatisfy(device -> {
            assertThat(device.getManufacturer()).isEqualTo("Consilium");
            assertThat(device.getVersionFirstRep().getValue()).isNotBlank();
            assertThat(device.getProperty()).isNotEmpty();
        });
        Device abutment = devices.stream().filter(d -> d.getModelNumber().equals("abutment-moe")).findFirst()
                .orElseThrow();
        assertThat(abutment.getVersionFirstRep().getValue()).isEqualTo("abutment-moe/full (seed 42)");
        assertThat(parse(get("/fhir/Device/" + abutment.getIdElement().getIdPart()), Device.class).getModelNumber())
                .isEqualTo("abutment-moe");
        assertThat(FhirValidation.errors(bundle)).isEmpty();
    }

    @Test
    void auditEventsComeFromTheAuditTrail() {
        Bundle bundle = search("/fhir/AuditEvent?subtype=urn:consilium:audit:action|study.register&_count=50");

        var event = bundle.getEntry().stream().map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
                .filter(e -> e.getEntity().stream().anyMatch(en -> ("ImagingStudy/" + study)
                        .equals(en.getWhat().getReference())))
                .findFirst().orElseThrow();
        assertThat(event.getAgentFirstRep().getWho().getDisplay()).isEqualTo("consilium-server");
        var read = parse(get("/fhir/AuditEvent/" + event.getIdElement().getIdPart()),
                org.hl7.fhir.r4.model.AuditEvent.class);
        assertThat(read.getRecorded()).isEqualTo(event.getRecorded());
        assertThat(FhirValidation.errors(read)).isEmpty();
    }

    private static Response get(String path) {
        return caller(path).accept(FHIR_JSON).get(path).then().statusCode(200).extract().response();
    }

    private static Bundle search(String path) {
        return parse(get(path), Bundle.class);
    }

    private static <T extends Resource> T parse(Response response, Class<T> type) {
        return FhirValidation.CONTEXT.newJsonParser().parseResource(type, response.asString());
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static void assertOutcome(Response response, int status, String mentioned) {
        assertThat(response.statusCode()).isEqualTo(status);
        var outcome = FhirValidation.CONTEXT.newJsonParser().parseResource(OperationOutcome.class, response.asString());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(mentioned);
    }

    /** The audit trail is read by auditors only. */
    private static RequestSpecification caller(String path) {
        return path.startsWith("/fhir/AuditEvent") ? KeycloakTestClient.as("aud1") : given();
    }

    /** Requests as {@value #CALLER}, with a token from the real Keycloak that scripts/test.sh starts. */
    private static RequestSpecification given() {
        return KeycloakTestClient.as(CALLER);
    }
}
