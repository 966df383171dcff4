package io.consilium.abutment;

/**
 * A validated implant site with its local clinical frame: unit vectors towards buccal and mesial in the occlusal
 * plane, and the implant's tilt towards mesial and buccal (degrees) relative to the occlusal-plane normal.
 */
record SitePlan(FdiToothNumber tooth, ImplantSystems.Platform platform, double[] position, double[] axis,
        double lengthMm, double softTissueHeightMm, double softTissueThicknessMm, double mesialGapMm,
        double distalGapMm, double occlusalClearanceMm, Double neighbourMesialMm, Double neighbourDistalMm,
        String bridge, double[] buccal, double[] mesial, double tiltMesialDeg, double tiltBuccalDeg,
        Instructions.Scoped instructions) {

    double platformRadius() {
        return platform.diameterMm() / 2.0;
    }

    /** Papilla height above the buccal crest next to a neighbouring tooth, lower next to a gap. */
    double interproximalTissueHeight(boolean mesialSide) {
        Double neighbour = mesialSide ? neighbourMesialMm : neighbourDistalMm;
        return softTissueHeightMm + (neighbour != null ? 1.5 : 0.5);
    }

    /** Unit vector in the jaw frame of an axis tilted by the given mesial and buccal angles (degrees). */
    double[] direction(double mesialDeg, double buccalDeg) {
        double sm = Math.sin(Math.toRadians(mesialDeg));
        double sb = Math.sin(Math.toRadians(buccalDeg));
        double z = Math.sqrt(Math.max(0.0, 1.0 - sm * sm - sb * sb));
        return new double[] {sm * mesial[0] + sb * buccal[0], sm * mesial[1] + sb * buccal[1], z};
    }

    /** Tilt components (mesial, buccal) of a unit vector in this site's frame. */
    double[] tilt(double[] v) {
        double m = v[0] * mesial[0] + v[1] * mesial[1];
        double b = v[0] * buccal[0] + v[1] * buccal[1];
        return new double[] {Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, m)))),
            Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, b))))};
    }
}
