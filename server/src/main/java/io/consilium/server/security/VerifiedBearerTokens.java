package io.consilium.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens already verified, with the identity they gave, until each one expires. An EHR client sends the
 * same token with every request for its whole lifetime, and verifying it again each time (parsing the JWT, checking
 * its RSA signature, decoding its claims) was over half of the event loops' work under load. A token verified
 * locally gives the same identity until it expires: its signature, issuer, audience and claims cannot change, and
 * local verification does not see a revocation either. Only tokens that passed verification are kept (a failed
 * one never reaches {@link #remember}), keyed by the whole token, never by a claim.
 *
 * <p>Asked before the OIDC provider: a token not known here is left to it (a null identity).
 */
@ApplicationScoped
class VerifiedBearerTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Enough for every client and user of a hospital at once; beyond it the oldest are verified again. */
    private static final int CAPACITY = 10_000;

    private final Clock clock;
    private final Cache<String, SecurityIdentity> identities;

    @Inject
    VerifiedBearerTokens() {
        this(Clock.systemUTC());
    }

    VerifiedBearerTokens(Clock clock) {
        this.clock = clock;
        this.identities = Caffeine.newBuilder().maximumSize(CAPACITY)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<String, SecurityIdentity>creating((token, identity) ->
                        Duration.ofMillis(Math.max(0, expiresAt(identity) - clock.millis()))))
                .build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST + 1_000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity known = identities.getIfPresent(request.getToken().getToken());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        // The identity is this request's: it carries the request's routing context, as the OIDC provider's does.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(known)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE,
                        HttpSecurityUtils.getRoutingContextAttribute(request))
                .build());
    }

    /**
     * Keeps an identity the OIDC provider gave for a bearer token (its principal is that very token), complete
     * with what the augmentors added; identities from other sources (an ID token) are not kept.
     */
    void remember(SecurityIdentity identity) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential != null && identity.getPrincipal() instanceof JsonWebToken jwt
                && credential.getToken().equals(jwt.getRawToken()) && jwt.getClaim(Claims.exp) instanceof Number) {
            identities.put(credential.getToken(), identity);
        }
    }

    private static long expiresAt(SecurityIdentity identity) {
        return TimeUnit.SECONDS.toMillis(((JsonWebToken) identity.getPrincipal()).getExpirationTime());
    }
}
