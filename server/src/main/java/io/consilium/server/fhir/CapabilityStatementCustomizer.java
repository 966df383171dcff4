package io.consilium.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * What HAPI's generated CapabilityStatement cannot know: who publishes it, and how clients authenticate. The
 * SMART-on-FHIR security section (OAuth endpoints of the Keycloak realm) is declared only when OpenID Connect
 * is configured ({@code quarkus.oidc.auth-server-url}); without it the statement declares no security, which
 * is the truth for a build without OIDC.
 */
@Singleton
@ca.uhn.fhir.interceptor.api.Interceptor
public class CapabilityStatementCustomizer {

    static final String SMART_SECURITY = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final Optional<String> issuer;

    CapabilityStatementCustomizer(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer) {
        this.issuer = issuer.filter(url -> !url.isBlank());
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customize(IBaseConformance generated) {
        var statement = (CapabilityStatement) generated;
        statement.setPublisher("Consilium");
        statement.getSoftware().setName("Consilium");
        for (var rest : statement.getRest()) {
            issuer.ifPresent(url -> rest.setSecurity(smart(url.replaceAll("/+$", ""))));
        }
    }

    /** Keycloak's endpoints below the realm's issuer URL. */
    static CapabilityStatementRestSecurityComponent smart(String issuer) {
        var security = new CapabilityStatementRestSecurityComponent();
        security.setCors(true);
        security.addService(new CodeableConcept(new Coding(SMART_SECURITY, "SMART-on-FHIR", "SMART-on-FHIR")));
        security.setDescription("OAuth 2.0 bearer tokens from the Consilium realm; SMART-style scopes "
                + "(system/*.read, user/*.read, system/DiagnosticReport.read, ...)");
        var uris = new Extension(OAUTH_URIS);
        uris.addExtension("token", new UriType(issuer + "/protocol/openid-connect/token"));
        uris.addExtension("authorize", new UriType(issuer + "/protocol/openid-connect/auth"));
        security.addExtension(uris);
        return security;
    }
}
