package io.consilium.server.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * SMART App Launch discovery ({@code /fhir/.well-known/smart-configuration}) from the identity provider's OpenID
 * Connect metadata: its endpoints as they are, its lists narrowed to what SMART allows and Consilium honours.
 */
final class SmartConfiguration {

    /** Endpoints SMART discovery names, copied when the identity provider has them. */
    private static final List<String> ENDPOINTS = List.of("issuer", "jwks_uri", "authorization_endpoint",
            "token_endpoint", "introspection_endpoint", "revocation_endpoint");
    /** SMART knows these two grants (app launch, backend services); a provider's others are not SMART's. */
    private static final Set<String> GRANTS = Set.of("authorization_code", "client_credentials");
    /** SMART forbids {@code plain}. */
    private static final Set<String> CODE_CHALLENGES = Set.of("S256");
    /**
     * What the server honours, not what the provider could do: public clients (the clinician UI, code + PKCE),
     * client secrets (the EHR's backend-services client), and SMART v1 scope syntax ({@code system/Type.read}),
     * the grammar of {@code FhirGrants}.
     */
    private static final List<String> CAPABILITIES = List.of("client-public", "client-confidential-symmetric",
            "permission-v1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SmartConfiguration() {
    }

    static ObjectNode of(JsonNode oidc) {
        ObjectNode smart = JSON.createObjectNode();
        for (String endpoint : ENDPOINTS) {
            if (oidc.hasNonNull(endpoint)) {
                smart.put(endpoint, oidc.get(endpoint).asText());
            }
        }
        smart.set("grant_types_supported", narrowed(oidc.path("grant_types_supported"), GRANTS));
        smart.set("token_endpoint_auth_methods_supported", oidc.path("token_endpoint_auth_methods_supported").deepCopy());
        smart.set("scopes_supported", oidc.path("scopes_supported").deepCopy());
        smart.set("response_types_supported", narrowed(oidc.path("response_types_supported"), Set.of("code")));
        smart.set("code_challenge_methods_supported",
                narrowed(oidc.path("code_challenge_methods_supported"), CODE_CHALLENGES));
        ArrayNode capabilities = smart.putArray("capabilities");
        CAPABILITIES.forEach(capabilities::add);
        return smart;
    }

    private static ArrayNode narrowed(JsonNode values, Set<String> allowed) {
        ArrayNode kept = JSON.createArrayNode();
        values.forEach(value -> {
            if (allowed.contains(value.asText())) {
                kept.add(value.asText());
            }
        });
        return kept;
    }
}
