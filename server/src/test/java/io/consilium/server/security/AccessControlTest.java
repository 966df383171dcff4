package io.consilium.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Access control against the real Keycloak with the development realm: who may call what, and what is recorded. */
@QuarkusTest
class AccessControlTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @Test
    void withoutATokenTheApiAnswers401WithAJsonErrorWhileHealthAndTheUiArePublic() {
        given().get("/api/studies").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("unauthorized"))
                .body("detail", containsString("bearer token is required"));
        given().get("/api/me").then().statusCode(401);
        given().get("/fhir/DiagnosticReport").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().get("/dicomweb/studies").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }

    @Test
    void theUiLearnsWhereToSignInWithoutAToken() {
        given().get("/api/ui-config").then().statusCode(200)
                .body("issuer", containsString("/realms/consilium"))
                .body("clientId", equalTo("consilium-ui"));
    }

    @Test
    void rolesDecideWhoReadsStudiesAndWhoReadsTheAuditTrail() {
        KeycloakTestClient.as("rad1").get("/api/studies").then().statusCode(200);
        KeycloakTestClient.as("dent1").get("/api/studies").then().statusCode(200);
        KeycloakTestClient.as("tech1").get("/api/studies").then().statusCode(200);
        KeycloakTestClient.as("int1").get("/api/studies").then().statusCode(200);
        KeycloakTestClient.as("aud1").get("/api/audit/verify").then().statusCode(200);
        // Auditors read the audit trail and nothing else; experts do not run the queue.
        KeycloakTestClient.as("aud1").get("/api/tasks").then().statusCode(403);
        KeycloakTestClient.as("aud1").get("/api/results/any").then().statusCode(403);
        KeycloakTestClient.as("rad1").get("/api/jobs").then().statusCode(403);
        // An expert lists only their own Tasks; admin reads everyone's and edits none.
        KeycloakTestClient.as("rad1").get("/api/tasks?mine=false").then().statusCode(403)
                .body("detail", containsString("only admin lists other experts' Tasks"));
        KeycloakTestClient.as("admin1").get("/api/tasks?mine=false").then().statusCode(200);
        KeycloakTestClient.as("admin1").post("/api/tasks/any/completion").then().statusCode(403);

        KeycloakTestClient.as("rad1").get("/api/audit/records").then().statusCode(403)
                .contentType("application/json")
                .body("error", equalTo("forbidden"))
                .body("detail", equalTo("rad1 (roles radiologist) may not GET /api/audit/records"));
        KeycloakTestClient.as("aud1").get("/api/studies").then().statusCode(403)
                .body("detail", equalTo("aud1 (roles auditor) may not GET /api/studies"));
        KeycloakTestClient.as("admin1").get("/api/audit/export/fhir").then().statusCode(403);
    }

    @Test
    void meNamesTheUserTheirRolesAndWhichExpertTheyAre() {
        KeycloakTestClient.as("rad2").get("/api/me").then().statusCode(200)
                .body("username", equalTo("rad2"))
                .body("name", equalTo("Ravi Desai"))
                .body("roles", equalTo(List.of("radiologist")))
                .body("expertIndex", equalTo(1));
        KeycloakTestClient.as("rad1").get("/api/me").then().statusCode(200).body("expertIndex", equalTo(0));
        KeycloakTestClient.as("dent1").get("/api/me").then().statusCode(200)
                .body("name", equalTo("Dana Ekberg"))
                .body("roles", equalTo(List.of("dentist")))
                .body("expertIndex", nullValue());
        // Auditors may know who they are, and nothing more.
        KeycloakTestClient.as("aud1").get("/api/me").then().statusCode(200).body("roles", equalTo(List.of("auditor")));
    }

    @Test
    void anExpiredTokenIsRefused() throws InterruptedException {
        String token = KeycloakTestClient.shortLivedToken("rad1");
        given().auth().oauth2(token).get("/api/studies").then().statusCode(200);
        Thread.sleep(3_500);
        given().auth().oauth2(token).get("/api/studies").then().statusCode(401)
                .body("detail", containsString("the bearer token was refused"));
    }

    @Test
    void aTamperedOrForgedTokenIsRefused() throws Exception {
        String token = KeycloakTestClient.accessToken("rad1");
        // Verified once, so kept: its changed copies below must still be verified, and refused.
        given().auth().oauth2(token).get("/api/studies").then().statusCode(200);
        String[] real = token.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(real[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(real[1]), StandardCharsets.UTF_8);
        String promoted = B64.encodeToString(payload.replace("\"radiologist\"", "\"auditor\"")
                .getBytes(StandardCharsets.UTF_8));
        // Keycloak's signature over a changed payload.
        given().auth().oauth2(real[0] + "." + promoted + "." + real[2]).get("/api/audit/verify").then().statusCode(401);

        // A well-formed token with the realm's key id, signed with a key that is not the realm's.
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        var pair = keys.generateKeyPair();
        String unsigned = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + promoted;
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(pair.getPrivate());
        rsa.update(unsigned.getBytes(StandardCharsets.US_ASCII));
        String forged = unsigned + "." + B64.encodeToString(rsa.sign());
        given().auth().oauth2(forged).get("/api/audit/verify").then().statusCode(401)
                .body("error", equalTo("unauthorized"));
        given().auth().oauth2("not-a-jwt").get("/api/studies").then().statusCode(401);
    }

    @Test
    void refusedTokensAreCheckedHereAndFloodNeitherTheLogNorTheIdentityProvider() throws Exception {
        String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(("{\"iss\":\"" + KeycloakTestClient.keycloakUrl() + "/realms/consilium" + "\",\"aud\":\"consilium-api\","
                + "\"preferred_username\":\"rad1\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        String otherKid = B64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"not-the-realms\"}".getBytes(StandardCharsets.UTF_8));
        List<String> refused = List.of("garbage", header + "." + claims + ".", otherKid + "." + claims + ".c2ln",
                "a.b.c", "x".repeat(4000));
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try {
            for (int round = 0; round < 10; round++) {
                for (String token : refused) {
                    given().auth().oauth2(token).get("/fhir/DiagnosticReport").then().statusCode(401)
                            .body("error", equalTo("unauthorized"));
                }
            }
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        // Introspection would have been an outbound call per token, each failing with an ERROR.
        List<String> lines = logged.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage())
                .toList();
        assertThat(lines).noneMatch(line -> line.startsWith(Level.SEVERE.getName()))
                .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("introspect"));
        assertThat(lines).filteredOn(line -> line.startsWith(Level.WARNING.getName())).as("one warning a minute at most")
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void rolesReadFhirWithinTheirClinicalArea() {
        for (String path : List.of("/fhir/DiagnosticReport", "/fhir/Task", "/fhir/ImagingStudy", "/fhir/Observation",
                "/dicomweb/studies")) {
            assertThat(KeycloakTestClient.as("tech1").get(path).statusCode()).as("technician %s", path).isEqualTo(403);
            assertThat(KeycloakTestClient.as("dent1").get(path).statusCode()).as("dentist %s", path).isEqualTo(403);
            assertThat(KeycloakTestClient.as("rad1").get(path).statusCode()).as("radiologist %s", path).isNotIn(401, 403);
            assertThat(KeycloakTestClient.as("int1").get(path).statusCode()).as("integrator %s", path).isNotIn(401, 403);
        }
    }

    @Test
    void ehrClientsReadFhirWithinTheirSmartScopesAndNeverWrite() {
        String readAll = KeycloakTestClient.ehrToken("system/*.read");
        assertThat(status(readAll, "GET", "/fhir/DiagnosticReport")).isNotIn(401, 403);
        assertThat(status(readAll, "GET", "/fhir/ImagingStudy/1.2.3")).isNotIn(401, 403);
        assertThat(status(readAll, "POST", "/fhir/DiagnosticReport/_search")).isNotIn(401, 403);
        assertThat(status(readAll, "GET", "/dicomweb/studies")).isNotIn(401, 403);
        assertThat(status(readAll, "POST", "/fhir/DiagnosticReport")).isEqualTo(403);
        assertThat(status(readAll, "PUT", "/fhir/Task/1")).isEqualTo(403);
        assertThat(status(readAll, "POST", "/fhir")).isEqualTo(403);
        assertThat(status(readAll, "POST", "/dicomweb/studies")).isEqualTo(403);
        // The audit trail is granted by name, never by wildcard.
        assertThat(status(readAll, "GET", "/fhir/AuditEvent")).isEqualTo(403);
        // Scopes open FHIR, not the clinicians' API.
        assertThat(status(readAll, "GET", "/api/studies")).isEqualTo(403);

        String reportsOnly = KeycloakTestClient.ehrToken("system/DiagnosticReport.read");
        assertThat(status(reportsOnly, "GET", "/fhir/DiagnosticReport")).isNotIn(401, 403);
        assertThat(status(reportsOnly, "GET", "/fhir/Observation")).isEqualTo(403);
        assertThat(status(reportsOnly, "GET", "/fhir")).isEqualTo(403);

        String writer = KeycloakTestClient.ehrToken("system/*.read system/*.write");
        assertThat(status(writer, "POST", "/fhir/DiagnosticReport")).isNotIn(401, 403);

        // SMART discovery needs no token.
        assertThat(given().get("/fhir/metadata").statusCode()).isNotIn(401, 403);
    }

    @Test
    void peopleReachFhirThroughTheGrantsOfTheirRoles() {
        assertThat(status(KeycloakTestClient.accessToken("rad1"), "GET", "/fhir/DiagnosticReport")).isNotIn(401, 403);
        assertThat(status(KeycloakTestClient.accessToken("rad1"), "POST", "/fhir/DiagnosticReport")).isEqualTo(403);
        assertThat(status(KeycloakTestClient.accessToken("rad1"), "GET", "/fhir/AuditEvent")).isEqualTo(403);
        assertThat(status(KeycloakTestClient.accessToken("int1"), "POST", "/fhir/Task")).isNotIn(401, 403);
        assertThat(status(KeycloakTestClient.accessToken("aud1"), "GET", "/fhir/AuditEvent")).isNotIn(401, 403);
        assertThat(status(KeycloakTestClient.accessToken("aud1"), "GET", "/fhir/DiagnosticReport")).isEqualTo(403);
        assertThat(status(KeycloakTestClient.accessToken("admin1"), "GET", "/fhir/ImagingStudy")).isEqualTo(403);
    }

    @Test
    void everyRefusalIsInTheAuditTrail() {
        KeycloakTestClient.as("tech1").get("/api/audit/verify").then().statusCode(403);
        given().get("/api/audit/verify").then().statusCode(401);
        given().auth().oauth2(KeycloakTestClient.ehrToken("system/*.read")).post("/fhir/Task").then().statusCode(403);

        Map<String, Object> forbidden = latest("tech1", AccessDenials.AUTHORIZE);
        assertThat(forbidden).containsEntry("actorKind", "USER").containsEntry("actorRole", "technician")
                .containsEntry("targets", List.of("/api/audit/verify")).containsEntry("outcome", "MINOR_FAILURE")
                .containsEntry("source", "127.0.0.1");
        assertThat((String) forbidden.get("outcomeText")).startsWith("403");
        assertThat((String) forbidden.get("detail")).contains("\"method\":\"GET\"").contains("\"technician\"");

        Map<String, Object> unauthenticated = latest("anonymous", AccessDenials.AUTHENTICATE);
        assertThat(unauthenticated).containsEntry("targets", List.of("/api/audit/verify"));
        assertThat((String) unauthenticated.get("outcomeText")).startsWith("401");

        Map<String, Object> ehr = latest("consilium-ehr", AccessDenials.AUTHORIZE);
        assertThat(ehr).containsEntry("actorKind", "SERVICE").containsEntry("targets", List.of("/fhir/Task"));
        assertThat((String) ehr.get("detail")).contains("\"method\":\"POST\"");

        KeycloakTestClient.as("aud1").get("/api/audit/verify").then().statusCode(200).body("intact", equalTo(true));
    }

    private static Map<String, Object> latest(String user, String action) {
        JsonPath page = KeycloakTestClient.as("aud1").queryParam("user", user).queryParam("action", action)
                .queryParam("size", 1).get("/api/audit/records").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> records = page.getList("records");
        assertThat(records).as("audit records of %s by %s", action, user).hasSize(1);
        return records.get(0);
    }

    private static int status(String token, String method, String path) {
        return given().auth().oauth2(token).contentType("application/fhir+json").body("{}").request(method, path)
                .statusCode();
    }
}
