package io.consilium.server.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Attaches {@link FhirGrants} to every authenticated caller: what their roles grant (configured in
 * {@code consilium.security.role-grants}) plus the SMART {@code system/} scopes their token was issued with.
 */
@ApplicationScoped
class SecurityAugmentor implements SecurityIdentityAugmentor {

    private final SecurityConfig config;
    private final VerifiedBearerTokens verified;

    SecurityAugmentor(SecurityConfig config, VerifiedBearerTokens verified) {
        this.config = config;
        this.verified = verified;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        // An identity that has its grants already is a known token's, augmented when it was first verified.
        if (identity.isAnonymous() || identity.getAttribute(FhirGrants.ATTRIBUTE) != null) {
            return Uni.createFrom().item(identity);
        }
        // A client's SMART scopes name the types it may read, in every clinical area.
        FhirGrants scoped = FhirGrants.parse(tokenScopes(identity));
        FhirGrants grants = scoped.isEmpty() ? scoped : scoped.inAreas(EnumSet.allOf(ClinicalArea.class));
        for (String role : identity.getRoles()) {
            grants = grants.and(FhirGrants.parse(config.roleGrants().getOrDefault(role, List.of()))
                    .inAreas(config.roleAreas().getOrDefault(role, List.of())));
        }
        SecurityIdentity augmented = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(FhirGrants.ATTRIBUTE, grants).build();
        verified.remember(augmented);
        return Uni.createFrom().item(augmented);
    }

    private static List<String> tokenScopes(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("scope") != null) {
            String scopes = token.getClaim("scope").toString().replace("\"", "");
            return Arrays.stream(scopes.split(" ")).filter(s -> !s.isBlank()).toList();
        }
        return List.of();
    }
}
