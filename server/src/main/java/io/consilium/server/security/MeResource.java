package io.consilium.server.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who the caller is, for the UI: name, roles, and which DeferredSeg expert they are (if any). */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MeResource {

    private final SecurityIdentity identity;
    private final List<String> experts;

    MeResource(SecurityIdentity identity,
            @ConfigProperty(name = "consilium.review.experts", defaultValue = "rad1,rad2") List<String> experts) {
        this.identity = identity;
        this.experts = experts;
    }

    @GET
    public Me me() {
        String username = identity.getPrincipal().getName();
        String name = identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("name") != null
                ? token.getClaim("name").toString().replace("\"", "") : username;
        int index = experts.indexOf(username);
        return new Me(username, name, identity.getRoles().stream().sorted().toList(), index < 0 ? null : index);
    }

    /**
     * @param expertIndex the 0-based DeferredSeg expert this user is ({@code consilium.review.experts}), or
     *                    null when deferred pixels never go to them
     */
    public record Me(String username, String name, List<String> roles, Integer expertIndex) {
    }
}
