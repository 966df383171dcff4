package io.consilium.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.server.audit.AuditTrail;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refused request, wherever it is refused (a missing or bad token, an HTTP policy, a role check on a
 * REST method), is answered 401 or 403 with a JSON error and recorded in the audit trail first: in IHE
 * terms a denied access is an audit event. Actions {@value #AUTHENTICATE} and {@value #AUTHORIZE}.
 */
@ApplicationScoped
public class AccessDenials {

    /** Audit action of a request refused for want of valid credentials (401). */
    public static final String AUTHENTICATE = "access.authenticate";
    /** Audit action of a request refused because the caller may not do it (403). */
    public static final String AUTHORIZE = "access.authorize";

    private static final Logger LOG = Logger.getLogger(AccessDenials.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditTrail trail;
    private final CurrentIdentityAssociation caller;
    private final RefusedTokens refusedTokens = new RefusedTokens(System::nanoTime);

    AccessDenials(AuditTrail trail, CurrentIdentityAssociation caller) {
        this.trail = trail;
        this.caller = caller;
    }

    /**
     * Paths that need a bearer token (as {@code quarkus.http.auth.permission.*} in application.properties
     * says) and the few beneath them that are public.
     */
    static final List<String> PROTECTED = List.of("/api", "/fhir", "/dicomweb");
    static final List<String> PUBLIC = List.of("/fhir/metadata", "/fhir/.well-known/smart-configuration",
            "/api/ui-config");

    /**
     * Requests without any credentials. Quarkus would answer their challenge itself, past every failure handler:
     * they are refused here, before authentication, so that they too get a JSON error and an audit record, and
     * after the CORS filter, so that a browser app on an allowed origin can read the refusal.
     */
    void onFilters(@Observes Filters filters) {
        filters.register(context -> {
            String path = context.normalizedPath();
            if (context.request().getHeader("Authorization") != null
                    || context.request().method() == io.vertx.core.http.HttpMethod.OPTIONS || !within(PROTECTED, path)
                    || within(PUBLIC, path)) {
                context.next();
                return;
            }
            refuse(context, Denial.UNAUTHORIZED, null, new UnauthorizedException("no credentials"));
        }, SecurityHandlerPriorities.CORS - 1);
    }

    /** Refusals decided by token checks and HTTP permission policies. */
    void onRouter(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            Throwable failure = context.failure();
            Denial denial = failure instanceof ForbiddenException ? Denial.FORBIDDEN
                    : failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                            ? Denial.UNAUTHORIZED : null;
            if (denial == null || context.response().ended()) {
                context.next();
                return;
            }
            SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity()
                    : null;
            refuse(context, denial, identity, failure);
        });
    }

    private static boolean within(List<String> prefixes, String path) {
        return prefixes.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    /** Records the refusal, then answers it: the record is durable before the caller learns the outcome. */
    private void refuse(RoutingContext context, Denial denial, SecurityIdentity identity, Throwable failure) {
        Request request = Request.of(context.request());
        context.vertx().executeBlocking(() -> record(denial, identity, request, failure), false)
                .onComplete(recorded -> {
                    if (context.response().ended()) {
                        return;
                    }
                    var response = context.response().setStatusCode(denial.status)
                            .putHeader("Content-Type", MediaType.APPLICATION_JSON);
                    if (denial == Denial.UNAUTHORIZED) {
                        response.putHeader("WWW-Authenticate", "Bearer realm=\"consilium\"");
                    }
                    response.end(body(denial, identity, request));
                });
    }

    /** Refusals by {@code @RolesAllowed} on REST resources. */
    @ServerExceptionMapper({ForbiddenException.class, UnauthorizedException.class})
    Uni<Response> onRestRefusal(RuntimeException failure, HttpServerRequest http) {
        SecurityIdentity identity = caller.getIdentity();
        Denial denial = failure instanceof ForbiddenException ? Denial.FORBIDDEN : Denial.UNAUTHORIZED;
        Request request = Request.of(http);
        return Uni.createFrom().item(() -> {
            record(denial, identity, request, failure);
            var response = Response.status(denial.status).type(MediaType.APPLICATION_JSON)
                    .entity(body(denial, identity, request));
            if (denial == Denial.UNAUTHORIZED) {
                response.header("WWW-Authenticate", "Bearer realm=\"consilium\"");
            }
            return response.build();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Void record(Denial denial, SecurityIdentity identity, Request request, Throwable failure) {
        if (denial == Denial.UNAUTHORIZED && request.bearer()) {
            refusedTokens.refused(request.source()).ifPresent(LOG::warn);
        }
        ObjectNode detail = JSON.createObjectNode().put("method", request.method()).put("status", denial.status);
        detail.putPOJO("roles", roles(identity));
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        try {
            trail.record(AuditEvent.of(actor(identity), denial.action, request.path())
                    .outcome(Outcome.MINOR_FAILURE, denial.status + " " + reason.lines().findFirst().orElse(""))
                    .source(request.source()).detail(detail.toString()).build());
        } catch (RuntimeException e) {
            // The refusal stands either way; losing its record must not pass unnoticed.
            LOG.errorf(e, "Audit record of a refused %s %s could not be written", request.method(), request.path());
        }
        return null;
    }

    private static String body(Denial denial, SecurityIdentity identity, Request request) {
        String detail = denial == Denial.UNAUTHORIZED
                ? (request.bearer() ? "the bearer token was refused (expired, not yet valid, for another audience,"
                        + " or not signed by this server's identity provider)"
                        : "a bearer token is required: sign in, or send Authorization: Bearer <access token>")
                : caller(identity) + " may not " + request.method() + " " + request.path();
        return JSON.createObjectNode().put("error", denial == Denial.UNAUTHORIZED ? "unauthorized" : "forbidden")
                .put("detail", detail).toString();
    }

    private static String caller(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return "an anonymous caller";
        }
        var roles = roles(identity);
        return identity.getPrincipal().getName() + (roles.isEmpty() ? " (no role)" : " (roles " + String.join(", ", roles) + ")");
    }

    private static TreeSet<String> roles(SecurityIdentity identity) {
        return identity == null ? new TreeSet<>() : new TreeSet<>(identity.getRoles());
    }

    private static Actor actor(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Actor.user("anonymous", "");
        }
        // Client-credentials tokens (EHR backends) name the client; people act in their role(s).
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getClaim("client_id") != null) {
            return Actor.service(token.getClaim("client_id").toString().replace("\"", ""));
        }
        return Actor.user(identity.getPrincipal().getName(), String.join(",", roles(identity)));
    }

    private enum Denial {
        UNAUTHORIZED(401, AUTHENTICATE), FORBIDDEN(403, AUTHORIZE);

        final int status;
        final String action;

        Denial(int status, String action) {
            this.status = status;
            this.action = action;
        }
    }

    /** What is kept of a refused request once its thread moves on. */
    private record Request(String method, String path, String source, boolean bearer) {
        static Request of(HttpServerRequest request) {
            String authorization = request.getHeader("Authorization");
            return new Request(request.method().name(), request.path(),
                    request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress(),
                    authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7));
        }
    }
}
