package io.consilium.server.fhir;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.server.security.IdentityProviderMetadata;
import io.consilium.server.workflow.ApiProblem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** SMART discovery, public: a client reads it before it holds a token. */
@Path("/fhir/.well-known/smart-configuration")
public class SmartConfigurationResource {

    private final IdentityProviderMetadata identityProvider;

    SmartConfigurationResource(IdentityProviderMetadata identityProvider) {
        this.identityProvider = identityProvider;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode configuration() {
        if (!identityProvider.configured()) {
            throw new ApiProblem(404, "not found", "no identity provider is configured: this server issues no SMART"
                    + " authorization");
        }
        try {
            return SmartConfiguration.of(identityProvider.document());
        } catch (IllegalStateException e) {
            throw new ApiProblem(503, "unavailable", e.getMessage());
        }
    }
}
