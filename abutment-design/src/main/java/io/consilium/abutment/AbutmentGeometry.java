package io.consilium.abutment;

import static io.consilium.abutment.DesignParameter.CUFF_HEIGHT;
import static io.consilium.abutment.DesignParameter.EMERGENCE_ANGLE;
import static io.consilium.abutment.DesignParameter.MARGIN_DIAMETER_BUCCOLINGUAL;
import static io.consilium.abutment.DesignParameter.MARGIN_DIAMETER_MESIODISTAL;
import static io.consilium.abutment.DesignParameter.MARGIN_HEIGHT_BUCCAL;
import static io.consilium.abutment.DesignParameter.MARGIN_HEIGHT_DISTAL;
import static io.consilium.abutment.DesignParameter.MARGIN_HEIGHT_LINGUAL;
import static io.consilium.abutment.DesignParameter.MARGIN_HEIGHT_MESIAL;
import static io.consilium.abutment.DesignParameter.SCREW_CHANNEL_ANGLE;
import static io.consilium.abutment.DesignParameter.TOTAL_HEIGHT;

/**
 * The abutment solid described by its parameters, in the abutment's own frame (z along the abutment axis from the
 * implant platform, angle phi around it: 0 = buccal, 90 degrees = mesial). Outside: a straight transmucosal cuff at
 * platform radius, an emergence profile (quadratic curve whose tangent at the margin is the emergence angle) up to
 * an elliptic, scalloped margin, a shoulder for the crown, and a chimney with 3 degrees taper per wall to a flat top.
 * Inside: the screw channel, straight at the screw seat and tilted towards lingual by the screw-channel angle in
 * its upper part.
 */
final class AbutmentGeometry {

    static final double CHANNEL_RADIUS_MM = 0.8;
    static final double SHOULDER_MM = 0.5;
    static final double CHIMNEY_TAPER_DEG = 3.0;
    static final double ANGLED_SECTION_MM = 3.0;

    final double platformRadius;
    final double cuff;
    final double emergenceDeg;
    final double total;
    final double halfMesiodistal;
    final double halfBuccolingual;
    final double buccal;
    final double lingual;
    final double mesial;
    final double distal;
    final double screwDeg;

    AbutmentGeometry(double platformRadius, double[] p) {
        this.platformRadius = platformRadius;
        this.cuff = p[CUFF_HEIGHT.ordinal()];
        this.emergenceDeg = p[EMERGENCE_ANGLE.ordinal()];
        this.total = p[TOTAL_HEIGHT.ordinal()];
        this.halfMesiodistal = p[MARGIN_DIAMETER_MESIODISTAL.ordinal()] / 2;
        this.halfBuccolingual = p[MARGIN_DIAMETER_BUCCOLINGUAL.ordinal()] / 2;
        this.buccal = p[MARGIN_HEIGHT_BUCCAL.ordinal()];
        this.lingual = p[MARGIN_HEIGHT_LINGUAL.ordinal()];
        this.mesial = p[MARGIN_HEIGHT_MESIAL.ordinal()];
        this.distal = p[MARGIN_HEIGHT_DISTAL.ordinal()];
        this.screwDeg = p[SCREW_CHANNEL_ANGLE.ordinal()];
    }

    /** Margin height at angle phi: the four measured heights blended smoothly around the circumference. */
    double marginHeight(double phi) {
        double c = Math.cos(phi);
        double s = Math.sin(phi);
        double cp = Math.max(c, 0);
        double cn = Math.max(-c, 0);
        double sp = Math.max(s, 0);
        double sn = Math.max(-s, 0);
        return buccal * cp * cp + lingual * cn * cn + mesial * sp * sp + distal * sn * sn;
    }

    double maxMarginHeight() {
        return Math.max(Math.max(buccal, lingual), Math.max(mesial, distal));
    }

    double minMarginHeight() {
        return Math.min(Math.min(buccal, lingual), Math.min(mesial, distal));
    }

    /** Radius of the elliptic margin at angle phi (buccolingual along phi = 0). */
    double marginRadius(double phi) {
        double c = Math.cos(phi) / halfBuccolingual;
        double s = Math.sin(phi) / halfMesiodistal;
        return 1.0 / Math.sqrt(c * c + s * s);
    }

    /** Outer radius of the emergence profile at parameter t in [0, 1] from the cuff top to the margin. */
    double emergenceRadius(double phi, double t) {
        double h = marginHeight(phi) - cuff;
        double rm = marginRadius(phi);
        double r1 = rm - h / 2 * Math.tan(Math.toRadians(emergenceDeg));
        return (1 - t) * (1 - t) * platformRadius + 2 * t * (1 - t) * r1 + t * t * rm;
    }

    /** Outer radius at angle phi and height z (the solid's surface, ignoring the flat top). */
    double outerRadius(double phi, double z) {
        if (z <= cuff) {
            return platformRadius;
        }
        double mh = marginHeight(phi);
        if (z <= mh) {
            return emergenceRadius(phi, (z - cuff) / (mh - cuff));
        }
        return chimneyRadius(phi, z);
    }

    double chimneyRadius(double phi, double z) {
        return marginRadius(phi) - SHOULDER_MM - (z - marginHeight(phi)) * Math.tan(Math.toRadians(CHIMNEY_TAPER_DEG));
    }

    /** Height where the screw channel starts to tilt. */
    double channelPivot() {
        return Math.max(cuff, total - ANGLED_SECTION_MM);
    }

    /** Centre offset of the channel towards lingual at height z. */
    double channelOffset(double z) {
        return Math.max(0, z - channelPivot()) * Math.tan(Math.toRadians(screwDeg));
    }

    /** Horizontal section of the channel at height z: centre offset (lingual) and radius along the tilt. */
    double channelRadiusAlongTilt(double z) {
        return z > channelPivot() ? CHANNEL_RADIUS_MM / Math.cos(Math.toRadians(screwDeg)) : CHANNEL_RADIUS_MM;
    }

    /** Point of the channel wall at height z and parameter psi (psi = 0 towards lingual), as x (buccal), y (mesial). */
    double[] channelPoint(double z, double psi) {
        double o = channelOffset(z);
        double a = channelRadiusAlongTilt(z);
        // lingual is -x
        return new double[] {-o - a * Math.cos(psi), CHANNEL_RADIUS_MM * Math.sin(psi)};
    }

    /**
     * Thinnest wall between the channel and the outside, measured horizontally on a fine grid and reduced by the
     * steepest angle between the two walls so that it never overstates the thickness of the solid.
     */
    double minimumWallThickness() {
        double min = Double.POSITIVE_INFINITY;
        int angles = 48;
        int levels = 24;
        double pivot = channelPivot();
        double tanScrew = Math.tan(Math.toRadians(screwDeg));
        double tanTaper = Math.tan(Math.toRadians(CHIMNEY_TAPER_DEG));
        double tanEmergence = Math.tan(Math.toRadians(emergenceDeg));
        for (int j = 0; j < angles; j++) {
            double phi = 2 * Math.PI * j / angles;
            double ux = Math.cos(phi);
            double mh = marginHeight(phi);
            double rm = marginRadius(phi);
            double r1 = rm - (mh - cuff) / 2 * tanEmergence;
            for (int k = 0; k <= levels + 2; k++) {
                // A regular grid plus the heights where the wall is thinnest: cuff top and channel pivot.
                double z = k <= levels ? total * k / levels : k == levels + 1 ? cuff : pivot;
                double outer;
                if (z <= cuff) {
                    outer = platformRadius;
                } else if (z <= mh) {
                    double t = (z - cuff) / (mh - cuff);
                    outer = (1 - t) * (1 - t) * platformRadius + 2 * t * (1 - t) * r1 + t * t * rm;
                } else {
                    outer = rm - SHOULDER_MM - (z - mh) * tanTaper;
                }
                double o = Math.max(0, z - pivot) * tanScrew;
                double a = z > pivot ? CHANNEL_RADIUS_MM * Math.sqrt(1 + tanScrew * tanScrew) : CHANNEL_RADIUS_MM;
                // Distance from the axis to the channel wall along direction phi (circle bounding the ellipse).
                double along = -ux * o;
                double inner = along + Math.sqrt(Math.max(0, along * along - o * o + a * a));
                min = Math.min(min, outer - inner);
            }
        }
        return min * Math.cos(Math.toRadians(CHIMNEY_TAPER_DEG + 3.0));
    }
}
