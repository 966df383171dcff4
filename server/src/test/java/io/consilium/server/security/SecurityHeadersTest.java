package io.consilium.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a security assessor checks first: the headers of the UI, the APIs and their refusals. */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void theUiTheApisAndTheirRefusalsTellTheBrowserWhatItMayDo() {
        Map<String, Response> answers = Map.of(
                "the UI", given().get("/"),
                "a UI asset", given().get("/index.html"),
                "the FHIR metadata", given().accept("application/fhir+json").get("/fhir/metadata"),
                "a refusal without a token", given().get("/api/studies"),
                "a refused token", given().auth().oauth2("garbage").get("/dicomweb/studies"),
                "an API answer", KeycloakTestClient.as("rad1").get("/api/studies"));
        answers.forEach((what, answer) -> {
            String csp = answer.header("Content-Security-Policy");
            assertThat(csp).as(what).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
            String scripts = directive(csp, "script-src");
            assertThat(List.of(scripts.split(" "))).as(what).startsWith("script-src", "'self'")
                    .doesNotContain("'unsafe-inline'", "'unsafe-eval'", "*", "data:");
            assertThat(directive(csp, "connect-src")).as("the UI signs in at the identity provider")
                    .isEqualTo("connect-src 'self' " + KeycloakTestClient.keycloakUrl());
            assertThat(answer.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
            assertThat(answer.header("Strict-Transport-Security")).as("%s over plain HTTP", what).isNull();
        });
        assertThat(answers.get("the UI").statusCode()).isEqualTo(200);
        assertThat(answers.get("a refused token").statusCode()).isEqualTo(401);
    }

    @Test
    void theUiHasNoInlineScript() {
        String page = given().get("/").asString();
        assertThat(page).contains("<script type=\"module\"");
        assertThat(List.of(page.split("<script")).subList(1, page.split("<script").length)).allSatisfy(tag -> assertThat(tag).startsWith(" type=\"module\"")
                .contains(" src=\"/assets/").contains("></script>"));
    }

    @Test
    void theSourceOfTheIdentityProviderIsItsOrigin() {
        assertThat(SecurityHeaders.origin("https://idp.hospital.example/realms/consilium"))
                .isEqualTo("https://idp.hospital.example");
        assertThat(SecurityHeaders.origin("http://127.0.0.1:58180/realms/consilium")).isEqualTo("http://127.0.0.1:58180");
    }

    private static String directive(String csp, String name) {
        return List.of(csp.split(";\\s*")).stream().filter(d -> d.startsWith(name + " ")).findFirst().orElse("");
    }
}
