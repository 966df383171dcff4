package io.consilium.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Browsers on other origins: the origin the test profile allows ({@code consilium.http.cors.origins}) gets its
 * preflights answered and may read the answers; any other origin is refused; the server's own origin (the UI's)
 * is always allowed.
 */
@QuarkusTest
class CorsTest {

    private static final String ALLOWED = "https://smart-app.example";
    private static final String FOREIGN = "https://elsewhere.example";
    private static final List<String> PATHS = List.of("/fhir/ImagingStudy", "/dicomweb/studies", "/api/studies");

    @Test
    void anAllowedOriginGetsItsPreflightAnsweredOnEveryApi() {
        for (String path : PATHS) {
            Response preflight = preflight(ALLOWED, path);

            assertThat(preflight.statusCode()).as(path).isEqualTo(200);
            assertThat(preflight.header("Access-Control-Allow-Origin")).as(path).isEqualTo(ALLOWED);
            assertThat(preflight.header("Access-Control-Allow-Methods")).as(path).contains("GET");
            assertThat(preflight.header("Access-Control-Allow-Headers")).as(path).containsIgnoringCase("authorization");
        }
    }

    @Test
    void anAllowedOriginReadsAnswersAndRefusals() {
        Response read = KeycloakTestClient.as("int1").header("Origin", ALLOWED).accept("application/fhir+json")
                .get("/fhir/ImagingStudy");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);

        // Without the header the app could not tell "sign in" from a network failure.
        Response refused = given().header("Origin", ALLOWED).get("/fhir/ImagingStudy");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    }

    @Test
    void anyOtherOriginIsRefused() {
        for (String path : PATHS) {
            Response preflight = preflight(FOREIGN, path);

            assertThat(preflight.statusCode()).as(path).isEqualTo(403);
            assertThat(preflight.header("Access-Control-Allow-Origin")).as(path).isNull();
        }
        Response read = KeycloakTestClient.as("int1").header("Origin", FOREIGN).get("/fhir/ImagingStudy");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theServersOwnOriginIsAlwaysAllowed() {
        // The origin of the page the UI is served from: the server's own scheme, host and port.
        String own = RestAssured.baseURI + ":" + RestAssured.port;
        Response read = KeycloakTestClient.as("int1").header("Origin", own).accept("application/fhir+json").get("/fhir/ImagingStudy");

        assertThat(read.statusCode()).isEqualTo(200);
    }

    private static Response preflight(String origin, String path) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").options(path);
    }
}
