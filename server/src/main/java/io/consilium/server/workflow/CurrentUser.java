package io.consilium.server.workflow;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Who is calling, for the review API: the authenticated principal (OpenID Connect supplies it). Only under the
 * test launch mode, a request without an authenticated principal may name its user in {@value #TEST_HEADER}
 * (the review tests act as two experts); outside tests that header is ignored.
 */
@RequestScoped
public class CurrentUser {

    static final String TEST_HEADER = "X-Consilium-Test-User";

    private final Instance<SecurityIdentity> identities;
    private final HttpHeaders headers;

    /** The identity is optional: without a security extension (before OpenID Connect is set up) there is none. */
    CurrentUser(Instance<SecurityIdentity> identities, @Context HttpHeaders headers) {
        this.identities = identities;
        this.headers = headers;
    }

    private SecurityIdentity identity() {
        return identities.isResolvable() ? identities.get() : null;
    }

    /** The user name, or empty for an anonymous caller. */
    public Optional<String> name() {
        SecurityIdentity identity = identity();
        if (identity != null && !identity.isAnonymous()) {
            return Optional.of(identity.getPrincipal().getName());
        }
        if (LaunchMode.current() == LaunchMode.TEST) {
            return Optional.ofNullable(headers.getHeaderString(TEST_HEADER)).filter(s -> !s.isBlank());
        }
        return Optional.empty();
    }

    /** Whether the caller holds the admin role (may read every expert's Tasks). */
    public boolean isAdmin() {
        SecurityIdentity identity = identity();
        return identity != null && !identity.isAnonymous() && identity.hasRole("admin");
    }
}
