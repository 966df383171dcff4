package io.consilium.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.SyntheticCases;
import io.consilium.server.security.KeycloakTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Abutment cases through the FHIR facade: a technician submits a case for a patient over the REST API, a dentist
 * edits and approves it (or rejects another), and an integrator reads the STL DocumentReferences, Binaries and
 * Provenance as an EHR would, each validated against base R4. Real Keycloak users throughout.
 */
@QuarkusTest
class AbutmentFhirTest {

    private static final String FHIR_JSON = "application/fhir+json";

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    PatientReferences patients;

    @Inject
    AiModels models;

    @Test
    void anEditedAndApprovedDesignIsAFinalDocumentPerImplantWithItsProvenance() throws Exception {
        Proposed proposed = proposeFeasible(11);
        String patientId = proposed.patientId();
        String id = proposed.id();
        List<Integer> teeth = proposed.teeth();
        assertThat(KeycloakTestClient.as("dent1").get("/api/abutment/cases/" + id).then().statusCode(200)
                .extract().<String>path("patientId")).isEqualTo(patientId);

        // Proposed: one preliminary DocumentReference per implant, found by the patient and by status.
        Bundle found = search("/fhir/DocumentReference?patient:identifier="
                + encode(patients.system() + "|" + patientId));
        assertThat(matches(found)).extracting(d -> d.getIdElement().getIdPart())
                .containsExactlyInAnyOrderElementsOf(
                        teeth.stream().map(t -> AbutmentMapping.documentId(id, t)).toList());
        int tooth = teeth.get(0);
        String documentId = AbutmentMapping.documentId(id, tooth);
        var preliminary = read("DocumentReference", documentId, DocumentReference.class);
        assertThat(preliminary.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
        assertThat(preliminary.getStatus().toCode()).isEqualTo("current");
        assertThat(preliminary.hasAuthenticator()).isFalse();
        assertThat(preliminary.getContentFirstRep().getAttachment().getSize()).isEqualTo(restStl(id, tooth).length);
        var proposedProvenance = provenanceOf(documentId);
        assertThat(proposedProvenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("CREATE");
        assertThat(agents(proposedProvenance)).containsExactly("author " + deviceReference(), "enterer tech1");
        assertThat(FhirValidation.errors(preliminary)).isEmpty();
        assertThat(FhirValidation.errors(proposedProvenance)).isEmpty();

        // The dentist edits one value, re-checks it clean, and approves the edited design.
        JsonNode edited = acceptableEdit(id, proposed.proposal());
        KeycloakTestClient.as("dent1").contentType(ContentType.JSON)
                .body(Map.of("approve", true, "design", json.convertValue(edited, Map.class)))
                .post("/api/abutment/cases/" + id + "/decision").then().statusCode(200);
        byte[] stl = restStl(id, tooth);

        var approved = read("DocumentReference", documentId, DocumentReference.class);
        assertThat(approved.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
        assertThat(approved.getStatus().toCode()).isEqualTo("current");
        var attachment = approved.getContentFirstRep().getAttachment();
        assertThat(attachment.getContentType()).isEqualTo("model/stl");
        assertThat(attachment.getUrl()).isEqualTo("Binary/" + documentId);
        assertThat(attachment.getSize()).isEqualTo(stl.length);
        assertThat(attachment.getHash()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(stl));
        assertThat(approved.getSubject().getReference()).isEqualTo("Patient/" + patients.id(patientId));
        assertThat(approved.getSubject().getIdentifier().getValue()).isEqualTo(patientId);
        assertThat(approved.getAuthenticator().getIdentifier().getValue()).isEqualTo("dent1");
        assertThat(approved.getAuthor()).extracting(this::who)
                .containsExactly(deviceReference(), "dent1");
        assertThat(approved.getContext().getRelatedFirstRep().getIdentifier().getValue()).isEqualTo(id);
        assertThat(approved.getContext().getRelatedFirstRep().getDisplay()).contains("tooth " + tooth);
        assertThat(approved.getDescription()).contains("approved by dent1", "edited");
        assertThat(FhirValidation.errors(approved)).isEmpty();

        // The Binary is the STL the REST API serves, raw and as a FHIR resource.
        byte[] raw = KeycloakTestClient.as("int1").accept("model/stl").get("/fhir/Binary/" + documentId).then()
                .statusCode(200).contentType("model/stl").extract().asByteArray();
        assertThat(raw).isEqualTo(stl);
        var binary = read("Binary", documentId, Binary.class);
        assertThat(binary.getContentType()).isEqualTo("model/stl");
        assertThat(binary.getData()).isEqualTo(stl);
        assertThat(FhirValidation.errors(binary)).isEmpty();

        var provenance = provenanceOf(documentId);
        assertThat(provenance.getIdElement().getIdPart()).isEqualTo(AbutmentMapping.provenanceId(id));
        assertThat(provenance.getTarget()).extracting(Reference::getReference).containsExactlyInAnyOrderElementsOf(
                teeth.stream().map(t -> "DocumentReference/" + AbutmentMapping.documentId(id, t)).toList());
        assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("UPDATE");
        assertThat(agents(provenance)).containsExactly("author " + deviceReference(), "enterer tech1",
                "author dent1", "verifier dent1");
        assertThat(read("Provenance", AbutmentMapping.provenanceId(id), Provenance.class).getRecorded())
                .isEqualTo(provenance.getRecorded());
        assertThat(FhirValidation.errors(provenance)).isEmpty();

        // The model behind it is a Device with its version and weights digest.
        var device = read("Device", models.abutmentDesigner().deviceId(), Device.class);
        assertThat(device.getVersion()).extracting(v -> v.getValue())
                .contains(models.abutmentDesigner().version(), models.abutmentDesigner().weightsDigest());

        // Searches an EHR makes: by the Patient's id with status and date, the Patient included.
        String patientRef = "Patient/" + patients.id(patientId);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Bundle current = search("/fhir/DocumentReference?patient=" + patientRef + "&status=current&date=ge" + today
                + "&_include=DocumentReference:patient");
        assertThat(matches(current)).hasSize(teeth.size()).allSatisfy(d ->
                assertThat(d.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL));
        assertThat(current.getEntry()).filteredOn(e -> e.getResource() instanceof Patient).singleElement()
                .satisfies(e -> assertThat(((Patient) e.getResource()).getIdentifierFirstRep().getValue())
                        .isEqualTo(patientId));
        assertThat(FhirValidation.errors(current)).isEmpty();
        assertThat(matches(search("/fhir/DocumentReference?subject=" + patientRef + "&status=entered-in-error")))
                .isEmpty();
        assertThat(matches(search("/fhir/DocumentReference?patient=" + patientRef + "&date=lt2000-01-01"))).isEmpty();
        assertThat(read("Patient", patients.id(patientId), Patient.class).getIdentifierFirstRep().getValue())
                .isEqualTo(patientId);

        // Who may read it: the dental roles and integrators; radiologists and auditors not.
        KeycloakTestClient.as("dent1").accept(FHIR_JSON).get("/fhir/DocumentReference/" + documentId).then()
                .statusCode(200);
        KeycloakTestClient.as("tech1").accept(FHIR_JSON).get("/fhir/Binary/" + documentId).then().statusCode(200);
        for (String path : List.of("/fhir/DocumentReference/" + documentId, "/fhir/Binary/" + documentId,
                "/fhir/Provenance/" + AbutmentMapping.provenanceId(id))) {
            KeycloakTestClient.as("rad1").accept(FHIR_JSON).get(path).then().statusCode(403);
        }
        assertThat(KeycloakTestClient.as("rad1").accept(FHIR_JSON).get("/fhir/DocumentReference?patient="
                + patientRef).then().statusCode(200).extract().jsonPath().getList("entry")).isNullOrEmpty();
        assertThat(KeycloakTestClient.as("rad1").accept(FHIR_JSON).get("/fhir/Provenance?target=DocumentReference/"
                + documentId).then().statusCode(200).extract().jsonPath().getList("entry")).isNullOrEmpty();
        KeycloakTestClient.as("aud1").accept(FHIR_JSON).get("/fhir/DocumentReference/" + documentId).then()
                .statusCode(403);
        KeycloakTestClient.as("aud1").accept(FHIR_JSON).get("/fhir/Provenance?target=DocumentReference/" + documentId)
                .then().statusCode(403);
    }

    @Test
    void aRejectedDesignIsEnteredInErrorAndNullified() throws Exception {
        Proposed proposed = proposeFeasible(23);
        String patientId = proposed.patientId();
        String id = proposed.id();
        KeycloakTestClient.as("dent1").contentType(ContentType.JSON)
                .body(Map.of("approve", false, "reason", "margin too deep for this tissue, redesign"))
                .post("/api/abutment/cases/" + id + "/decision").then().statusCode(200);
        String documentId = AbutmentMapping.documentId(id, proposed.teeth().get(0));

        var rejected = read("DocumentReference", documentId, DocumentReference.class);
        assertThat(rejected.getStatus().toCode()).isEqualTo("entered-in-error");
        assertThat(rejected.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
        assertThat(rejected.hasAuthenticator()).isFalse();
        assertThat(rejected.getDescription()).contains("rejected by dent1", "margin too deep");
        assertThat(FhirValidation.errors(rejected)).isEmpty();

        String patientRef = "Patient/" + patients.id(patientId);
        assertThat(matches(search("/fhir/DocumentReference?patient=" + patientRef + "&status=entered-in-error")))
                .extracting(d -> d.getIdElement().getIdPart()).contains(documentId);
        assertThat(matches(search("/fhir/DocumentReference?patient=" + patientRef + "&status=current"))).isEmpty();

        var provenance = provenanceOf(documentId);
        assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("NULLIFY");
        assertThat(agents(provenance)).containsExactly("author " + deviceReference(), "enterer tech1",
                "verifier dent1");
        assertThat(FhirValidation.errors(provenance)).isEmpty();
    }

    @Test
    void aPatientIdThatCannotBeOneIsRefusedWithoutEchoingIt() {
        String caseJson = AbutmentJson.write(SyntheticCases.generate(5, 1).get(0).abutmentCase());
        String tooLong = "SECRET-" + "9".repeat(80);
        KeycloakTestClient.as("tech1").contentType(ContentType.JSON)
                .body("{\"patientId\": \"" + tooLong + "\", \"case\": " + caseJson + "}")
                .post("/api/abutment/cases").then().statusCode(422)
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("SECRET")));
        assertThat(matches(search("/fhir/DocumentReference?patient:identifier=" + encode(tooLong)))).isEmpty();
    }

    private record Proposed(String id, String patientId, JsonNode proposal, List<Integer> teeth) {
    }

    /**
     * Proposes synthetic cases (as tech1, each for a new patient) until one whose every implant is feasible, so
     * that the patient's documents are exactly that case's.
     */
    private Proposed proposeFeasible(long seed) throws Exception {
        for (var labelled : SyntheticCases.generate(seed, 6)) {
            String patientId = "DENT-" + UUID.randomUUID();
            String body = "{\"patientId\": \"" + patientId + "\", \"case\": "
                    + AbutmentJson.write(labelled.abutmentCase()) + "}";
            JsonNode created = json.readTree(KeycloakTestClient.as("tech1").contentType(ContentType.JSON).body(body)
                    .post("/api/abutment/cases").then().statusCode(201).extract().asString());
            JsonNode proposal = created.get("proposal");
            var teeth = new ArrayList<Integer>();
            boolean feasible = true;
            for (JsonNode abutment : proposal.get("abutments")) {
                teeth.add(abutment.get("tooth").asInt());
                feasible &= abutment.get("feasible").asBoolean();
            }
            if (feasible) {
                return new Proposed(created.get("id").asText(), patientId, proposal, teeth);
            }
        }
        throw new AssertionError("no synthetic case of seed " + seed + " had every implant feasible");
    }

    /** A small change of one value of the first abutment that the constraints accept. */
    private JsonNode acceptableEdit(String id, JsonNode proposal) throws Exception {
        for (String parameter : List.of("cuffHeight", "totalHeight", "emergenceAngle", "screwChannelAngle")) {
            for (double delta : new double[] {0.1, -0.1, 1.0, -1.0}) {
                ObjectNode edited = proposal.deepCopy();
                ObjectNode estimate = (ObjectNode) edited.get("abutments").get(0).get("parameters").get(parameter);
                estimate.put("value", estimate.get("value").asDouble() + delta);
                JsonNode checks = json.readTree(KeycloakTestClient.as("dent1").contentType(ContentType.JSON)
                        .body(edited.toString()).post("/api/abutment/cases/" + id + "/check").then().statusCode(200)
                        .extract().asString());
                boolean clean = true;
                for (JsonNode check : checks) {
                    clean &= check.get("acceptable").asBoolean() && check.path("corrections").isEmpty();
                }
                if (clean) {
                    return edited;
                }
            }
        }
        throw new AssertionError("no small edit of case " + id + " passed the constraints");
    }

    private byte[] restStl(String id, int tooth) {
        return KeycloakTestClient.as("dent1").get("/api/abutment/cases/" + id + "/implants/" + tooth + "/stl").then()
                .statusCode(200).contentType("model/stl").extract().asByteArray();
    }

    private Provenance provenanceOf(String documentId) {
        Bundle bundle = search("/fhir/Provenance?target=DocumentReference/" + documentId);
        assertThat(bundle.getEntry()).hasSize(1);
        return (Provenance) bundle.getEntryFirstRep().getResource();
    }

    /** Each agent as "type who". */
    private List<String> agents(Provenance provenance) {
        return provenance.getAgent().stream()
                .map(agent -> agent.getType().getCodingFirstRep().getCode() + " " + who(agent.getWho())).toList();
    }

    /** A literal reference, else the identifier's value. */
    private String who(Reference reference) {
        return reference.hasReference() ? reference.getReference() : reference.getIdentifier().getValue();
    }

    private String deviceReference() {
        return "Device/" + models.abutmentDesigner().deviceId();
    }

    private static <T extends Resource> T read(String type, String id, Class<T> resource) {
        return FhirValidation.CONTEXT.newJsonParser().parseResource(resource,
                get("/fhir/" + type + "/" + id).asString());
    }

    private static Bundle search(String path) {
        return FhirValidation.CONTEXT.newJsonParser().parseResource(Bundle.class, get(path).asString());
    }

    private static List<DocumentReference> matches(Bundle bundle) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(e -> (DocumentReference) e.getResource()).toList();
    }

    /** As the integrator (an EHR's user). */
    private static Response get(String path) {
        return KeycloakTestClient.as("int1").accept(FHIR_JSON).urlEncodingEnabled(false).get(path).then()
                .statusCode(200).extract().response();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
