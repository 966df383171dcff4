package io.consilium.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The identity provider's OpenID Connect discovery document ({@code <quarkus.oidc.auth-server-url>/.well-known/
 * openid-configuration}): where clients get tokens and which scopes the realm offers, as SMART discovery and the
 * CapabilityStatement tell them. Read when first asked and kept for {@link #KEPT}, so that a scope added at the
 * realm shows without a restart; a failed read is not kept, the next request tries again.
 */
@ApplicationScoped
public class IdentityProviderMetadata {

    static final Duration KEPT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<URI> discovery;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LoadingCache<URI, JsonNode> documents = Caffeine.newBuilder().expireAfterWrite(KEPT)
            .build(this::fetch);

    IdentityProviderMetadata(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer) {
        this.discovery = issuer.filter(url -> !url.isBlank())
                .map(url -> URI.create(url.replaceAll("/+$", "") + "/.well-known/openid-configuration"));
    }

    /** Whether an identity provider is configured at all. */
    public boolean configured() {
        return discovery.isPresent();
    }

    /**
     * The discovery document.
     *
     * @throws IllegalStateException when none is configured or it cannot be read now
     */
    public JsonNode document() {
        URI uri = discovery.orElseThrow(() -> new IllegalStateException("no identity provider is configured"));
        try {
            return documents.get(uri);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("the identity provider's metadata (" + uri + ") cannot be read: "
                    + e.getCause().getMessage(), e);
        }
    }

    /** The realm's {@code scopes_supported}. */
    public List<String> scopesSupported() {
        var scopes = new ArrayList<String>();
        document().path("scopes_supported").forEach(scope -> scopes.add(scope.asText()));
        return scopes;
    }

    private JsonNode fetch(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
