package io.consilium.server.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the clinician UI signs in (authorization code + PKCE): the issuer the API trusts and the UI's public
 * client. Public, as the browser needs it before it holds any token; it names nothing secret.
 */
@Path("/api/ui-config")
@Produces(MediaType.APPLICATION_JSON)
public class UiConfigResource {

    private final String issuer;
    private final String clientId;

    UiConfigResource(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            @ConfigProperty(name = "consilium.security.ui-client-id", defaultValue = "consilium-ui") String clientId) {
        this.issuer = issuer;
        this.clientId = clientId;
    }

    @GET
    public UiConfig config() {
        return new UiConfig(issuer, clientId);
    }

    public record UiConfig(String issuer, String clientId) {
    }
}
