package io.consilium.server.security;

import java.util.Map;
import java.util.Optional;

/**
 * The clinical areas whose records a role reads: a dental lab's technician has no business in chest CT reports,
 * a radiologist none in abutment designs. Roles are given areas by {@code consilium.security.role-areas};
 * EHR clients read what their SMART scopes grant, in every area.
 */
public enum ClinicalArea {
    /** Imaging studies, AI results, their review Tasks and SEG objects. */
    RADIOLOGY,
    /** Implant abutment cases and their designs. */
    DENTAL;

    /** Resource types that belong to one area only; the others (Patient, Device, ...) are shared or mixed. */
    private static final Map<String, ClinicalArea> AREA_OF_TYPE = Map.of("ImagingStudy", RADIOLOGY,
            "DiagnosticReport", RADIOLOGY, "Observation", RADIOLOGY, "Task", RADIOLOGY);

    /** The area a resource type belongs to, when it belongs to one. */
    static Optional<ClinicalArea> ofType(String resourceType) {
        return Optional.ofNullable(AREA_OF_TYPE.get(resourceType));
    }
}
