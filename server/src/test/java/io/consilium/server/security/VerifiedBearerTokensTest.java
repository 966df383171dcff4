package io.consilium.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedBearerTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private Instant now = NOW;
    private final VerifiedBearerTokens tokens = new VerifiedBearerTokens(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void aVerifiedTokenGivesItsIdentityAgainUntilItExpires() {
        tokens.remember(verified("token-a", "rad1", NOW.plusSeconds(300)));

        SecurityIdentity again = identity("token-a");
        assertThat(again.getPrincipal().getName()).isEqualTo("rad1");
        assertThat(again.getRoles()).containsExactly("radiologist");
        assertThat(FhirGrants.of(again).permits("ImagingStudy", FhirGrants.Access.READ)).isTrue();

        now = NOW.plusSeconds(299);
        assertThat(identity("token-a")).isNotNull();
        now = NOW.plusSeconds(300);
        assertThat(identity("token-a")).as("expired: left to the OIDC provider, which refuses it").isNull();
    }

    @Test
    void onlyTheVerifiedTokenItselfIsKnown() {
        tokens.remember(verified("token-a", "rad1", NOW.plusSeconds(300)));

        assertThat(identity("token-a-tampered")).isNull();
        assertThat(identity("token-b")).isNull();
    }

    @Test
    void anIdentityWhosePrincipalIsAnotherTokenIsNotKept() {
        // As after an authorization code flow: the principal is the ID token, the credential the access token.
        var jwt = new Jwt(Map.of(Claims.raw_token.name(), "id-token", Claims.exp.name(), epoch(NOW.plusSeconds(300)),
                Claims.preferred_username.name(), "rad1"));
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(jwt)
                .addCredential(new AccessTokenCredential("access-token")).build());

        assertThat(identity("access-token")).isNull();
        assertThat(identity("id-token")).isNull();
    }

    @Test
    void aTokenWithoutExpiryIsNotKept() {
        var jwt = new Jwt(Map.of(Claims.raw_token.name(), "forever", Claims.preferred_username.name(), "rad1"));
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(jwt)
                .addCredential(new AccessTokenCredential("forever")).build());

        assertThat(identity("forever")).isNull();
    }

    private SecurityIdentity identity(String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(token)), null)
                .await().atMost(Duration.ofSeconds(1));
    }

    private static SecurityIdentity verified(String token, String user, Instant expires) {
        var jwt = new Jwt(Map.of(Claims.raw_token.name(), token, Claims.exp.name(), epoch(expires),
                Claims.preferred_username.name(), user));
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("radiologist")
                .addCredential(new AccessTokenCredential(token))
                .addAttribute(FhirGrants.ATTRIBUTE, FhirGrants.parse(List.of("ImagingStudy.read"))
                        .inAreas(List.of(ClinicalArea.RADIOLOGY))).build();
    }

    private static long epoch(Instant instant) {
        return instant.getEpochSecond();
    }

    /** A token's claims as the OIDC provider exposes them. */
    private record Jwt(Map<String, Object> claims) implements JsonWebToken {

        @Override
        public String getName() {
            return (String) claims.get(Claims.preferred_username.name());
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return (T) claims.get(claimName);
        }
    }
}
