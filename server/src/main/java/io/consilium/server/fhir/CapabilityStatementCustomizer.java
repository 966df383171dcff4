package io.consilium.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.ResourceBinding;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.server.security.FhirGrants;
import io.consilium.server.security.IdentityProviderMetadata;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * What HAPI's generated CapabilityStatement cannot know: who publishes it, and how clients authenticate. The
 * SMART-on-FHIR security section (the OAuth endpoints and scopes of the identity provider's metadata) is declared
 * only when OpenID Connect is configured ({@code quarkus.oidc.auth-server-url}); without it the statement declares
 * no security, which is the truth for a build without OIDC.
 */
@Singleton
@ca.uhn.fhir.interceptor.api.Interceptor
public class CapabilityStatementCustomizer {

    static final String SMART_SECURITY = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    /**
     * The oauth-uris extension's parts and the OpenID Connect metadata they come from (the extension defines no
     * part for introspection or revocation: SMART discovery names those).
     */
    private static final List<List<String>> URIS = List.of(List.of("token", "token_endpoint"),
            List.of("authorize", "authorization_endpoint"));

    private final IdentityProviderMetadata identityProvider;

    CapabilityStatementCustomizer(IdentityProviderMetadata identityProvider) {
        this.identityProvider = identityProvider;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customize(IBaseConformance generated, RequestDetails request) {
        var statement = (CapabilityStatement) generated;
        statement.setPublisher("Consilium");
        statement.getSoftware().setName("Consilium");
        // HAPI lists every reverse include any search parameter makes possible; keep those a search serves.
        Map<String, Set<String>> served = reverseIncludes((RestfulServer) request.getServer());
        for (var rest : statement.getRest()) {
            for (var resource : rest.getResource()) {
                resource.getSearchRevInclude().removeIf(include -> !served.getOrDefault(resource.getType(), Set.of())
                        .contains(include.getValue()));
            }
        }
        if (!identityProvider.configured()) {
            return;
        }
        JsonNode metadata;
        try {
            metadata = identityProvider.document();
        } catch (IllegalStateException e) {
            // A statement without its security section would tell clients no token is needed.
            throw new UnclassifiedServerFailureException(503, e.getMessage());
        }
        for (var rest : statement.getRest()) {
            rest.setSecurity(smart(metadata, identityProvider.scopesSupported()));
        }
    }

    /** Per resource type, the {@code _revinclude} values its searches accept. */
    private static Map<String, Set<String>> reverseIncludes(RestfulServer server) {
        return server.getResourceBindings().stream().collect(Collectors.toMap(ResourceBinding::getResourceName,
                binding -> binding.getMethodBindings().stream()
                        .flatMap(method -> Arrays.stream(method.getMethod().getParameterAnnotations()))
                        .flatMap(Arrays::stream)
                        .filter(annotation -> annotation instanceof IncludeParam include && include.reverse())
                        .flatMap(annotation -> Arrays.stream(((IncludeParam) annotation).allow()))
                        .collect(Collectors.toSet())));
    }

    /** The realm's endpoints, and of its scopes those that grant access here. */
    static CapabilityStatementRestSecurityComponent smart(JsonNode metadata, List<String> realmScopes) {
        var security = new CapabilityStatementRestSecurityComponent();
        security.setCors(true);
        security.addService(new CodeableConcept(new Coding(SMART_SECURITY, "SMART-on-FHIR", "SMART-on-FHIR")));
        List<String> granting = realmScopes.stream().filter(FhirGrants::grantsAccess).toList();
        security.setDescription("OAuth 2.0 bearer tokens from " + metadata.path("issuer").asText()
                + "; SMART scopes the realm grants: " + String.join(", ", granting));
        var uris = new Extension(OAUTH_URIS);
        for (List<String> uri : URIS) {
            if (metadata.hasNonNull(uri.get(1))) {
                uris.addExtension(uri.get(0), new UriType(metadata.get(uri.get(1)).asText()));
            }
        }
        security.addExtension(uris);
        return security;
    }
}
