package io.consilium.server.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * HTTP policy {@value #NAME} on {@code /fhir/*} and {@code /dicomweb/*}: a request reads or writes a
 * resource type, and the caller's {@link FhirGrants} must permit that. The type is the first path segment
 * after {@code /fhir/} (none: a system-level interaction over every type); DICOMweb serves ImagingStudy.
 * GET and HEAD read, as do searches by POST ({@code _search}); everything else writes.
 */
@ApplicationScoped
class FhirAccessPolicy implements HttpSecurityPolicy {

    static final String NAME = "fhir-grants";
    private static final Set<HttpMethod> READING = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        return identity.map(caller -> {
            if (caller.isAnonymous()) {
                return CheckResult.DENY;
            }
            String path = request.normalizedPath();
            FhirGrants.Access access = READING.contains(request.request().method()) || path.endsWith("/_search")
                    ? FhirGrants.Access.READ : FhirGrants.Access.WRITE;
            String type = resourceType(path);
            FhirGrants grants = FhirGrants.of(caller);
            boolean permitted = type == null ? grants.permitsAnyType(access) : grants.permits(type, access);
            return permitted ? CheckResult.PERMIT : CheckResult.DENY;
        });
    }

    /** The resource type a path addresses, or null for a system-level interaction. */
    static String resourceType(String path) {
        if (path.startsWith("/dicomweb")) {
            return "ImagingStudy";
        }
        String rest = path.startsWith("/fhir") ? path.substring("/fhir".length()) : path;
        String first = rest.replaceFirst("^/+", "").split("/", 2)[0];
        return !first.isEmpty() && Character.isUpperCase(first.charAt(0)) ? first : null;
    }
}
