package io.consilium.abutment;

/** The manufacturing and clinical constraints every proposal is projected onto. */
public enum Constraint {
    REQUESTED_MATERIAL("the abutment material named in the instructions"),
    ANGULATION_CORRECTION("maximum angulation correction for the material"),
    PATH_OF_INSERTION("common path of insertion for abutments that carry one bridge"),
    MARGIN_DEPTH("margin depth range (1 mm supragingival to 2 mm subgingival; 1 mm when cement-retained)"),
    CUFF_HEIGHT("cuff of at least 0.5 mm, ending 0.3 mm below the lowest margin"),
    EMERGENCE_ANGLE("emergence profile angle of at most 30 degrees"),
    MARGIN_DIAMETER("margin wider than the platform, clear of the neighbours and within the soft tissue"),
    OCCLUSAL_CLEARANCE("3 mm of retentive chimney above the mean margin and room for the crown material"),
    SCREW_CHANNEL_ANGLE("screw-channel angle of at most 25 degrees"),
    WALL_THICKNESS("minimum wall thickness for the material (screw channel tilt reduced or margin widened to reach it)");

    private final String rule;

    Constraint(String rule) {
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
