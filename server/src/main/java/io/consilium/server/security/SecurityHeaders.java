package io.consilium.server.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Headers that make a browser refuse what the clinician UI never does: run inline or foreign script, be framed by
 * another page, sniff a content type, send the full URL (with study and patient identifiers in it) to another site.
 * On every answer, the UI's, the API's and refusals alike, so no path is left out. The UI talks to this server
 * and to the identity provider only; Cornerstone3D decodes in same-origin workers with WebAssembly codecs.
 */
@ApplicationScoped
class SecurityHeaders {

    /** A year, as browsers' preload lists ask. */
    static final String HSTS = "max-age=31536000";

    private final Map<String, String> headers;

    SecurityHeaders(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String identityProvider) {
        this.headers = headers(origin(identityProvider));
    }

    static Map<String, String> headers(String identityProviderOrigin) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Security-Policy", String.join("; ",
                "default-src 'self'",
                "script-src 'self' 'wasm-unsafe-eval'",
                // Cornerstone3D positions its canvases with style attributes.
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "worker-src 'self' blob:",
                "connect-src 'self' " + identityProviderOrigin,
                "form-action 'self' " + identityProviderOrigin,
                "frame-ancestors 'none'",
                "base-uri 'self'",
                "object-src 'none'"));
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        return Map.copyOf(headers);
    }

    /** The scheme, host and port of a URL, as CSP names a source. */
    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    void onFilters(@Observes Filters filters) {
        // Before CORS and the refusal of requests without credentials, which answer without calling further.
        filters.register(context -> {
            MultiMap response = context.response().headers();
            headers.forEach(response::set);
            if (context.request().isSSL()) {
                response.set("Strict-Transport-Security", HSTS);
            }
            context.next();
        }, SecurityHandlerPriorities.CORS + 1);
    }
}
