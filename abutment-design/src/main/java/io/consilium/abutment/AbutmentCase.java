package io.consilium.abutment;

import java.util.List;

/**
 * One restorative case as the technician or dentist describes it: one or more implant sites and free-text
 * clinical instructions. Published as JSON Schema {@code io/consilium/abutment/schema/abutment-case.schema.json}.
 *
 * <p>Jaw frame (per jaw, millimetres): origin at the centre of the arch in the occlusal plane (midpoint between
 * the first molars), x towards the patient's left, y anterior, z from the bone towards the occlusal plane (down
 * in the patient for the maxilla, up for the mandible). Fields are boxed so that a missing value is reported by
 * name instead of silently becoming zero.
 */
public record AbutmentCase(String caseId, String crownMaterial, String instructions, List<Site> sites) {

    /** One implant to be restored with a custom abutment. {@code bridge} groups abutments that carry one bridge. */
    public record Site(Integer tooth, Implant implant, SoftTissue softTissue, Double mesialGapMm, Double distalGapMm,
            Double occlusalClearanceMm, NeighbourHeights neighbourHeights, String bridge) {
    }

    /**
     * The implant as placed: system and platform as the manufacturer names them, platform centre (mm) and the unit
     * axis from apex to platform, both in the jaw frame.
     */
    public record Implant(String system, String platform, Double platformDiameterMm, String connection,
            Double lengthMm, List<Double> position, List<Double> axis) {
    }

    /** Gingiva at the site: height from the implant platform to the gingival crest, and buccal thickness. */
    public record SoftTissue(Double heightMm, Double thicknessMm) {
    }

    /** Clinical crown heights of the neighbouring teeth; null where the neighbour is missing. */
    public record NeighbourHeights(Double mesialMm, Double distalMm) {
    }
}
