package io.consilium.server.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.abutment.AbutmentCase;
import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.SyntheticCases;
import io.consilium.audit.AuditQuery;
import io.consilium.server.audit.AuditTrail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An abutment case through propose -> check an edit -> approve or reject, over the REST API, audited. */
@QuarkusTest
class AbutmentCasesTest {

    private static final String CALLER = "dent1";

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    AuditTrail audit;

    @Test
    void aProposalIsCheckedEditedAndApprovedOnce() throws Exception {
        var abutmentCase = SyntheticCases.generate(7, 1).get(0).abutmentCase();
        String id = given().contentType(ContentType.JSON).body(AbutmentJson.write(abutmentCase))
                .post("/api/abutment/cases").then().statusCode(201).body("status", equalTo("PROPOSED"))
                .extract().path("id");
        JsonNode proposal = json.readTree(given().get("/api/abutment/cases/" + id).then().statusCode(200)
                .extract().jsonPath().prettify()).get("proposal");
        JsonNode first = proposal.get("abutments").get(0);
        int tooth = first.get("tooth").asInt();

        // The proposal as it stands passes its own constraints.
        JsonNode checks = json.readTree(given().contentType(ContentType.JSON).body(proposal.toString())
                .post("/api/abutment/cases/" + id + "/check").then().statusCode(200).extract().asString());
        for (int i = 0; i < checks.size(); i++) {
            JsonNode site = proposal.get("abutments").get(i);
            assertThat(checks.get(i).get("acceptable").asBoolean()).isEqualTo(site.get("feasible").asBoolean());
        }

        // A screw channel tilted beyond what any material allows is reported with the rule that corrects it.
        ObjectNode edited = proposal.deepCopy();
        ((ObjectNode) edited.get("abutments").get(0).get("parameters").get("screwChannelAngle")).put("value", 40.0);
        JsonNode editCheck = json.readTree(given().contentType(ContentType.JSON).body(edited.toString())
                .post("/api/abutment/cases/" + id + "/check").then().statusCode(200).extract().asString());
        JsonNode site = editCheck.get(0);
        assertThat(site.get("tooth").asInt()).isEqualTo(tooth);
        assertThat(site.get("acceptable").asBoolean()).isFalse();
        assertThat(site.get("corrections").findValuesAsText("parameter")).contains("screwChannelAngle");

        given().contentType(ContentType.JSON)
                .body(Map.of("approve", true, "reason", "", "design", json.convertValue(edited, Map.class)))
                .post("/api/abutment/cases/" + id + "/decision").then().statusCode(422)
                .body("detail", containsString("breaks constraints"));
        given().contentType(ContentType.JSON).body(Map.of("approve", false))
                .post("/api/abutment/cases/" + id + "/decision").then().statusCode(422)
                .body("detail", containsString("reason"));

        boolean allFeasible = proposal.get("abutments").findValuesAsText("feasible").stream().allMatch("true"::equals);
        if (allFeasible) {
            given().contentType(ContentType.JSON).body(Map.of("approve", true))
                    .post("/api/abutment/cases/" + id + "/decision").then().statusCode(200)
                    .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("dent1"));
        } else {
            given().contentType(ContentType.JSON)
                    .body(Map.of("approve", false, "reason", "infeasible site, replan the implant"))
                    .post("/api/abutment/cases/" + id + "/decision").then().statusCode(200)
                    .body("status", equalTo("REJECTED"));
        }
        given().contentType(ContentType.JSON).body(Map.of("approve", false, "reason", "late"))
                .post("/api/abutment/cases/" + id + "/decision").then().statusCode(409);

        if (allFeasible) {
            byte[] stl = given().get("/api/abutment/cases/" + id + "/implants/" + tooth + "/stl").then()
                    .statusCode(200).contentType("model/stl").extract().asByteArray();
            int triangles = ByteBuffer.wrap(stl, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertThat(triangles).isPositive();
            assertThat(stl).hasSize(84 + 50 * triangles);

            // The preview of an unsaved edit: a taller abutment is a different solid, the stored STL stays; a
            // channel so tilted that the wall breaks has no solid, and says why.
            ObjectNode taller = proposal.deepCopy();
            ObjectNode height = (ObjectNode) taller.get("abutments").get(0).get("parameters").get("totalHeight");
            height.put("value", height.get("value").asDouble() + 0.5);
            byte[] tallerStl = given().contentType(ContentType.JSON).body(taller.toString())
                    .post("/api/abutment/cases/" + id + "/implants/" + tooth + "/stl").then()
                    .statusCode(200).contentType("model/stl").extract().asByteArray();
            assertThat(tallerStl).hasSizeGreaterThan(84).isNotEqualTo(stl);
            given().contentType(ContentType.JSON).body(edited.toString())
                    .post("/api/abutment/cases/" + id + "/implants/" + tooth + "/stl").then()
                    .statusCode(422).body("detail", containsString("thinnest wall"));
            assertThat(given().get("/api/abutment/cases/" + id + "/implants/" + tooth + "/stl").then()
                    .statusCode(200).extract().asByteArray()).isEqualTo(stl);
        }
        given().get("/api/abutment/cases/" + id + "/implants/99/stl").then().statusCode(404);

        var actions = audit.find(new AuditQuery(null, "dent1", null, null, null, 0, 1000)).stream()
                .filter(r -> r.event().targets().contains("AbutmentCase/" + id)).map(r -> r.event().action()).toList();
        assertThat(actions).contains("abutment.propose", allFeasible ? "abutment.approve" : "abutment.reject");
    }

    @Test
    void theListFindsCasesByCaseOrPatientIdAndStatusNewestFirst() throws Exception {
        String tag = "list-" + UUID.randomUUID().toString().substring(0, 8);
        var generated = SyntheticCases.generate(11, 3);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            var abutmentCase = generated.get(i).abutmentCase();
            String caseJson = AbutmentJson.write(new AbutmentCase(tag + "-" + i, abutmentCase.crownMaterial(),
                    abutmentCase.instructions(), abutmentCase.sites()));
            String body = "{\"patientId\": \"PID-" + tag + "-" + i + "\", \"case\": " + caseJson + "}";
            ids.add(given().contentType(ContentType.JSON).body(body).post("/api/abutment/cases").then()
                    .statusCode(201).extract().path("id"));
        }
        given().contentType(ContentType.JSON).body(Map.of("approve", false, "reason", "replan"))
                .post("/api/abutment/cases/" + ids.get(1) + "/decision").then().statusCode(200);

        JsonNode all = json.readTree(given().get("/api/abutment/cases?q=" + tag.toUpperCase()).then().statusCode(200)
                .extract().asString());
        assertThat(all.findValuesAsText("id")).as("newest first").containsExactly(ids.get(2), ids.get(1), ids.get(0));
        JsonNode newest = all.get(0);
        assertThat(newest.get("caseId").asText()).isEqualTo(tag + "-2");
        assertThat(newest.get("patientId").asText()).isEqualTo("PID-" + tag + "-2");
        assertThat(newest.get("implants").asInt()).isEqualTo(generated.get(2).abutmentCase().sites().size());
        assertThat(newest.get("createdBy").asText()).isEqualTo(CALLER);

        assertThat(json.readTree(given().get("/api/abutment/cases?q=PID-" + tag + "-1").then().statusCode(200)
                .extract().asString()).findValuesAsText("id")).containsExactly(ids.get(1));
        assertThat(json.readTree(given().get("/api/abutment/cases?status=REJECTED&q=" + tag).then().statusCode(200)
                .extract().asString()).findValuesAsText("status")).containsExactly("REJECTED");
        assertThat(json.readTree(given().get("/api/abutment/cases?q=" + tag + "&limit=1").then().statusCode(200)
                .extract().asString())).hasSize(1);
        // LIKE wildcards in the search are taken as text.
        assertThat(json.readTree(given().get("/api/abutment/cases?q=" + tag.substring(0, 4) + "%25").then()
                .statusCode(200).extract().asString())).isEmpty();
        given().get("/api/abutment/cases?status=DONE").then().statusCode(400);
        given().get("/api/abutment/cases?limit=0").then().statusCode(400);
        KeycloakTestClient.as("rad1").get("/api/abutment/cases").then().statusCode(403);
    }

    @Test
    void anInvalidCaseIsRefusedNamingTheField() {
        given().contentType(ContentType.JSON).body("{\"caseId\": \"x\", \"sites\": [{\"tooth\": 99}]}")
                .post("/api/abutment/cases").then().statusCode(422).body("error", equalTo("invalid case"));
        given().get("/api/abutment/cases/none").then().statusCode(404);
    }

    /** Requests as {@value #CALLER}, with a token from the real Keycloak that scripts/test.sh starts. */
    private static RequestSpecification given() {
        return KeycloakTestClient.as(CALLER);
    }
}
