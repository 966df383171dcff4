package io.consilium.server.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a caller may do on the FHIR facade (and DICOMweb, whose resource is ImagingStudy): the union of
 * what their realm roles grant and the SMART {@code system/} scopes of their token. A grant reads like a
 * SMART v1 scope without its context: {@code DiagnosticReport.read}, {@code *.write}, {@code Task.*}.
 * The wildcard type covers every clinical resource type but not {@value #AUDIT_EVENT}: the audit trail
 * is read only by whom it is granted by name. Grants hold within the caller's {@link ClinicalArea}s: a type of
 * one area (DiagnosticReport is radiology's) is refused outside it, and providers of mixed types
 * (DocumentReference holds SEGs and abutment designs) ask {@link #permitsArea}.
 */
public final class FhirGrants {

    /** The identity attribute under which {@link SecurityAugmentor} stores the caller's grants. */
    public static final String ATTRIBUTE = "consilium.fhir-grants";
    static final String AUDIT_EVENT = "AuditEvent";
    private static final FhirGrants NONE = new FhirGrants(Set.of(), Set.of());

    /** What a request does to a resource type. */
    public enum Access {
        READ, WRITE
    }

    private record Grant(String type, String access) {
    }

    private final Set<Grant> grants;
    private final Set<ClinicalArea> areas;

    private FhirGrants(Set<Grant> grants, Set<ClinicalArea> areas) {
        this.grants = Set.copyOf(grants);
        this.areas = areas.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(areas));
    }

    /** The caller's grants; none for an anonymous caller. */
    public static FhirGrants of(SecurityIdentity identity) {
        FhirGrants grants = identity.getAttribute(ATTRIBUTE);
        return grants == null ? NONE : grants;
    }

    /**
     * Parses grants such as {@code *.read} or SMART scopes such as {@code system/Task.read}; anything
     * that is neither is ignored, so an OAuth scope like {@code openid} grants nothing.
     */
    static FhirGrants parse(Collection<String> scopes) {
        var parsed = new LinkedHashSet<Grant>();
        for (String scope : scopes) {
            String grant = scope.startsWith("system/") ? scope.substring("system/".length()) : scope;
            int dot = grant.lastIndexOf('.');
            if (dot <= 0 || grant.contains("/")) {
                continue;
            }
            String access = grant.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (access.equals("read") || access.equals("write") || access.equals("*")) {
                parsed.add(new Grant(grant.substring(0, dot), access));
            }
        }
        return new FhirGrants(parsed, Set.of());
    }

    /** These grants, held in the given areas. */
    FhirGrants inAreas(Collection<ClinicalArea> held) {
        return new FhirGrants(grants, Set.copyOf(held));
    }

    /** Whether anything is granted at all. */
    boolean isEmpty() {
        return grants.isEmpty();
    }

    /** Whether a scope (or role grant) grants anything here, e.g. {@code system/*.read}; {@code openid} does not. */
    public static boolean grantsAccess(String scope) {
        return !parse(List.of(scope)).grants.isEmpty();
    }

    FhirGrants and(FhirGrants other) {
        var union = new LinkedHashSet<>(grants);
        union.addAll(other.grants);
        var allAreas = new LinkedHashSet<>(areas);
        allAreas.addAll(other.areas);
        return new FhirGrants(union, allAreas);
    }

    /** Whether the caller may read or write resources of this type. */
    public boolean permits(String resourceType, Access access) {
        if (ClinicalArea.ofType(resourceType).filter(area -> !areas.contains(area)).isPresent()) {
            return false;
        }
        String wanted = access.name().toLowerCase(Locale.ROOT);
        return grants.stream().anyMatch(grant -> (grant.type().equals(resourceType)
                || grant.type().equals("*") && !AUDIT_EVENT.equals(resourceType))
                && (grant.access().equals(wanted) || grant.access().equals("*")));
    }

    /** Whether the caller reads records of this clinical area. */
    public boolean permitsArea(ClinicalArea area) {
        return areas.contains(area);
    }

    /** Whether the caller may read or write resources of any type (system-level search, batch). */
    public boolean permitsAnyType(Access access) {
        return permits("*", access);
    }

    @Override
    public String toString() {
        return grants.stream().map(grant -> grant.type() + "." + grant.access()).sorted().toList() + " in " + areas;
    }
}
