package io.consilium.server.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Attaches {@link FhirGrants} to every authenticated caller: what their roles grant (configured in
 * {@code consilium.security.role-grants}) plus the SMART {@code system/} scopes their token was issued with.
 */
@ApplicationScoped
class SecurityAugmentor implements SecurityIdentityAugmentor {

    private final SecurityConfig config;

    SecurityAugmentor(SecurityConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        FhirGrants grants = FhirGrants.parse(tokenScopes(identity));
        for (String role : identity.getRoles()) {
            grants = grants.and(FhirGrants.parse(config.roleGrants().getOrDefault(role, List.of())));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(FhirGrants.ATTRIBUTE, grants).build());
    }

    private static List<String> tokenScopes(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("scope") != null) {
            String scopes = token.getClaim("scope").toString().replace("\"", "");
            return Arrays.stream(scopes.split(" ")).filter(s -> !s.isBlank()).toList();
        }
        return List.of();
    }
}
