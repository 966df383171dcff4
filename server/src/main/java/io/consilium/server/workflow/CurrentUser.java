package io.consilium.server.workflow;

import io.consilium.server.security.ConsiliumRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** Who is calling, for the review API: the principal of the bearer token (Keycloak's preferred_username). */
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;

    CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The user name, or empty for an anonymous caller. */
    public Optional<String> name() {
        return identity.isAnonymous() ? Optional.empty() : Optional.of(identity.getPrincipal().getName());
    }

    /** Whether the caller holds the admin role (may read every expert's Tasks). */
    public boolean isAdmin() {
        return !identity.isAnonymous() && identity.hasRole(ConsiliumRoles.ADMIN);
    }
}
