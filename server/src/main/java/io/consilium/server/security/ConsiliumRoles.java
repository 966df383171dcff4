package io.consilium.server.security;

/**
 * The realm roles Consilium's users hold (Keycloak realm roles, checked with {@code @RolesAllowed}).
 * Constants so that every resource names them the same way.
 */
public final class ConsiliumRoles {

    /** Reads imaging studies and reviews the pixels DeferredSeg defers to them. */
    public static final String RADIOLOGIST = "radiologist";
    /** Plans implant cases and reviews abutment proposals. */
    public static final String DENTIST = "dentist";
    /** Prepares studies and abutment cases; no clinical sign-off. */
    public static final String TECHNICIAN = "technician";
    /** Connects PACS and EHR systems. */
    public static final String INTEGRATOR = "integrator";
    /** Reads the audit trail and nothing else. */
    public static final String AUDITOR = "auditor";
    /** Operates the installation; sees no clinical data by role alone. */
    public static final String ADMIN = "admin";

    private ConsiliumRoles() {
    }
}
