package io.consilium.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Access tokens from the real Keycloak that {@code scripts/test.sh} starts (realm {@code consilium}, from
 * {@code keycloak/consilium-realm.json}), for tests that call the secured API:
 * <pre>
 *   KeycloakTestClient.as("rad1").get("/api/studies").then().statusCode(200);
 *   String token = KeycloakTestClient.accessToken("aud1");   // "Authorization: Bearer " + token
 * </pre>
 * Users are the development users (password = user name): rad1, rad2 (radiologist), dent1 (dentist),
 * tech1 (technician), int1 (integrator), aud1 (auditor), admin1 (admin). Tokens come by direct access
 * grant through the test-only client {@code consilium-test}, and are reused until shortly before they expire.
 */
public final class KeycloakTestClient {

    /** The development realm's EHR client (confidential, client credentials, SMART system scopes). */
    public static final String EHR_CLIENT = "consilium-ehr";
    public static final String EHR_SECRET = "consilium-ehr-dev-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {
    }

    private KeycloakTestClient() {
    }

    /** Keycloak's base URL, e.g. {@code http://127.0.0.1:58180}; fails naming the script when it is not running. */
    public static String keycloakUrl() {
        String url = System.getenv("CONSILIUM_TEST_KEYCLOAK_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("CONSILIUM_TEST_KEYCLOAK_URL is not set: these tests need the real"
                    + " Keycloak. Run scripts/test.sh, or start it with: eval \"$(scripts/keycloak.sh start)\"");
        }
        return url;
    }

    /** The realm's token endpoint. */
    public static String tokenEndpoint() {
        return keycloakUrl() + "/realms/consilium/protocol/openid-connect/token";
    }

    /** A RestAssured request carrying {@code user}'s access token. */
    public static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(accessToken(user));
    }

    /** {@code user}'s access token (password grant; the password is the user name in the development realm). */
    public static String accessToken(String user) {
        return cached("user:" + user, () -> grant(Map.of("grant_type", "password", "client_id", "consilium-test",
                "username", user, "password", user)));
    }

    /** A fresh token for {@code user} that expires two seconds after issue (client consilium-test-short-lived). */
    public static String shortLivedToken(String user) {
        return grant(Map.of("grant_type", "password", "client_id", "consilium-test-short-lived",
                "username", user, "password", user)).value();
    }

    /** A client-credentials token of the EHR client with the given SMART scopes (space separated). */
    public static String ehrToken(String scopes) {
        return cached("ehr:" + scopes, () -> grant(Map.of("grant_type", "client_credentials", "client_id", EHR_CLIENT,
                "client_secret", EHR_SECRET, "scope", scopes)));
    }

    private static String cached(String key, java.util.function.Supplier<Token> fetch) {
        return TOKENS.compute(key, (k, token) -> token == null || token.expires().isBefore(Instant.now().plusSeconds(30))
                ? fetch.get() : token).value();
    }

    private static Token grant(Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused the token request for " + form.get("client_id")
                        + " (" + form.getOrDefault("username", "client credentials") + "): HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode token = JSON.readTree(response.body());
            return new Token(token.get("access_token").asText(),
                    Instant.now().plusSeconds(token.get("expires_in").asLong()));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak at " + keycloakUrl() + " is not answering (" + e
                    + "); start it with: eval \"$(scripts/keycloak.sh start)\"", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
