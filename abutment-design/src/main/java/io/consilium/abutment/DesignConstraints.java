package io.consilium.abutment;

import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_BUCCAL;
import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_MESIAL;
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

import io.consilium.abutment.AbutmentProposal.Adjustment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Manufacturing and clinical constraints: checks a case's designs and projects them onto the feasible set, one
 * constraint after another in an order where later steps cannot undo earlier ones except through conflicts, which
 * the final check then reports as infeasibility. All sites of a case are projected together because abutments of
 * one bridge must share a path of insertion.
 */
final class DesignConstraints {

    static final double MAX_SUPRAGINGIVAL_MM = 1.0;
    static final double MAX_SUBGINGIVAL_MM = 2.0;
    static final double MAX_SUBGINGIVAL_CEMENTED_MM = 1.0;
    static final double MIN_CUFF_MM = 0.5;
    static final double CUFF_BELOW_MARGIN_MM = 0.3;
    static final double MAX_EMERGENCE_DEG = 30.0;
    static final double MARGIN_OVER_PLATFORM_MM = 0.6;
    static final double NEIGHBOUR_CLEARANCE_MM = 0.3;
    static final double MIN_CHIMNEY_MM = 3.0;
    static final double MAX_SCREW_CHANNEL_DEG = 25.0;
    static final double WALL_SAFETY_MM = 0.02;
    private static final double EPS = 1e-6;

    private final double pathToleranceDeg;

    DesignConstraints(double pathToleranceDeg) {
        this.pathToleranceDeg = pathToleranceDeg;
    }

    double pathToleranceDeg() {
        return pathToleranceDeg;
    }

    record Violation(int tooth, Constraint constraint, String message) {
    }

    /** Per site: the corrections made and, where some constraint still fails, why the design is infeasible. */
    record Projection(List<Design> designs, List<List<Adjustment>> adjustments, List<List<String>> infeasible) {
    }

    // ---- limits -------------------------------------------------------------------------------------------

    static double maxDepth(SitePlan s) {
        return s.instructions().retention() == Instructions.Retention.CEMENT ? MAX_SUBGINGIVAL_CEMENTED_MM
                : MAX_SUBGINGIVAL_MM;
    }

    /** Tissue height on each side, in the order buccal, lingual, mesial, distal. */
    static double[] tissueHeights(SitePlan s) {
        return new double[] {s.softTissueHeightMm(), s.softTissueHeightMm(), s.interproximalTissueHeight(true),
            s.interproximalTissueHeight(false)};
    }

    static final DesignParameter[] MARGINS = {MARGIN_HEIGHT_BUCCAL, MARGIN_HEIGHT_LINGUAL, MARGIN_HEIGHT_MESIAL,
        MARGIN_HEIGHT_DISTAL};

    static double marginLow(SitePlan s, int side) {
        return Math.max(tissueHeights(s)[side] - maxDepth(s), MIN_CUFF_MM + CUFF_BELOW_MARGIN_MM);
    }

    static double marginHigh(SitePlan s, int side) {
        return tissueHeights(s)[side] + MAX_SUPRAGINGIVAL_MM;
    }

    static double mesiodistalHigh(SitePlan s) {
        return 2 * (Math.min(s.mesialGapMm(), s.distalGapMm()) - NEIGHBOUR_CLEARANCE_MM);
    }

    static double buccolingualHigh(SitePlan s) {
        return s.platform().diameterMm() + 2 * s.softTissueThicknessMm() + 2.0;
    }

    static double diameterLow(SitePlan s) {
        return s.platform().diameterMm() + MARGIN_OVER_PLATFORM_MM;
    }

    static double heightHigh(SitePlan s, CrownMaterial crown) {
        return s.softTissueHeightMm() + s.occlusalClearanceMm() - crown.minimumOcclusalThicknessMm();
    }

    static double maxMargin(Design d) {
        double m = Double.NEGATIVE_INFINITY;
        for (DesignParameter p : MARGINS) {
            m = Math.max(m, d.get(p));
        }
        return m;
    }

    static double meanMargin(Design d) {
        double m = 0;
        for (DesignParameter p : MARGINS) {
            m += d.get(p) / MARGINS.length;
        }
        return m;
    }

    /** Lowest total height: a retentive chimney above the mean margin, and above the highest margin point. */
    static double heightLow(Design d) {
        return Math.max(meanMargin(d) + MIN_CHIMNEY_MM, maxMargin(d) + 1.0);
    }

    static double minMargin(Design d) {
        double m = Double.POSITIVE_INFINITY;
        for (DesignParameter p : MARGINS) {
            m = Math.min(m, d.get(p));
        }
        return m;
    }

    static double wallThickness(SitePlan s, Design d) {
        return new AbutmentGeometry(s.platformRadius(), d.values).minimumWallThickness();
    }

    // ---- check ----------------------------------------------------------------------------------------------

    List<Violation> violations(CasePlan plan, List<Design> designs) {
        List<Violation> out = new ArrayList<>();
        for (int i = 0; i < designs.size(); i++) {
            SitePlan s = plan.sites().get(i);
            Design d = designs.get(i);
            int t = s.tooth().number();
            s.instructions().material().filter(m -> m != d.material).ifPresent(m -> out.add(new Violation(t,
                    Constraint.REQUESTED_MATERIAL, "instructions ask for " + m + ", design uses " + d.material)));
            if (d.correctionMagnitude() > d.material.maximumAngulationCorrectionDeg() + EPS) {
                out.add(new Violation(t, Constraint.ANGULATION_CORRECTION, fmt("%.1f deg correction exceeds %.0f deg "
                        + "for %s", d.correctionMagnitude(), d.material.maximumAngulationCorrectionDeg(), d.material)));
            }
            for (int side = 0; side < 4; side++) {
                double v = d.get(MARGINS[side]);
                if (v < marginLow(s, side) - EPS || v > marginHigh(s, side) + EPS) {
                    out.add(new Violation(t, Constraint.MARGIN_DEPTH, fmt("%s %.2f mm outside %.2f..%.2f mm",
                            MARGINS[side].key(), v, marginLow(s, side), marginHigh(s, side))));
                }
            }
            double cuff = d.get(CUFF_HEIGHT);
            if (cuff < MIN_CUFF_MM - EPS || cuff > minMargin(d) - CUFF_BELOW_MARGIN_MM + EPS) {
                out.add(new Violation(t, Constraint.CUFF_HEIGHT, fmt("cuff %.2f mm with lowest margin at %.2f mm",
                        cuff, minMargin(d))));
            }
            double ea = d.get(EMERGENCE_ANGLE);
            if (ea < -EPS || ea > MAX_EMERGENCE_DEG + EPS) {
                out.add(new Violation(t, Constraint.EMERGENCE_ANGLE, fmt("emergence angle %.1f deg", ea)));
            }
            double md = d.get(MARGIN_DIAMETER_MESIODISTAL);
            double bl = d.get(MARGIN_DIAMETER_BUCCOLINGUAL);
            if (md < diameterLow(s) - EPS || md > mesiodistalHigh(s) + EPS) {
                out.add(new Violation(t, Constraint.MARGIN_DIAMETER, fmt("mesiodistal %.2f mm outside %.2f..%.2f mm",
                        md, diameterLow(s), mesiodistalHigh(s))));
            }
            if (bl < diameterLow(s) - EPS || bl > buccolingualHigh(s) + EPS) {
                out.add(new Violation(t, Constraint.MARGIN_DIAMETER, fmt("buccolingual %.2f mm outside %.2f..%.2f mm",
                        bl, diameterLow(s), buccolingualHigh(s))));
            }
            double h = d.get(TOTAL_HEIGHT);
            if (h < heightLow(d) - EPS || h > heightHigh(s, plan.crownMaterial()) + EPS) {
                out.add(new Violation(t, Constraint.OCCLUSAL_CLEARANCE, fmt("total height %.2f mm; needs at least "
                        + "%.2f (chimney) and at most %.2f (room for a %s crown)", h, heightLow(d),
                        heightHigh(s, plan.crownMaterial()), plan.crownMaterial())));
            }
            double sc = d.get(SCREW_CHANNEL_ANGLE);
            if (sc < -EPS || sc > MAX_SCREW_CHANNEL_DEG + EPS) {
                out.add(new Violation(t, Constraint.SCREW_CHANNEL_ANGLE, fmt("screw channel %.1f deg", sc)));
            }
            if (geometryValid(d)) {
                double wall = wallThickness(s, d);
                if (wall < d.material.minimumWallThicknessMm() - EPS) {
                    out.add(new Violation(t, Constraint.WALL_THICKNESS, fmt("thinnest wall %.2f mm, %s needs %.2f mm",
                            wall, d.material, d.material.minimumWallThicknessMm())));
                }
            } else {
                out.add(new Violation(t, Constraint.WALL_THICKNESS, "the parameters do not describe a solid abutment"));
            }
        }
        for (var group : plan.bridges().entrySet()) {
            double[] common = commonAxis(plan, designs, group.getValue());
            for (SitePlan s : group.getValue()) {
                double dev = angle(abutmentAxis(s, designs.get(plan.sites().indexOf(s))), common);
                if (dev > pathToleranceDeg + 1e-3) {
                    out.add(new Violation(s.tooth().number(), Constraint.PATH_OF_INSERTION, fmt("bridge '%s': "
                            + "abutment deviates %.1f deg from the common path (tolerance %.1f deg)", group.getKey(),
                            dev, pathToleranceDeg)));
                }
            }
        }
        return out;
    }

    private static boolean geometryValid(Design d) {
        return d.get(CUFF_HEIGHT) > 0 && minMargin(d) > d.get(CUFF_HEIGHT) + 0.05
                && d.get(TOTAL_HEIGHT) > maxMargin(d) + 0.5 && d.get(MARGIN_DIAMETER_MESIODISTAL) > 1
                && d.get(MARGIN_DIAMETER_BUCCOLINGUAL) > 1;
    }

    // ---- path of insertion ------------------------------------------------------------------------------------

    static double[] abutmentAxis(SitePlan s, Design d) {
        return s.direction(s.tiltMesialDeg() + d.get(ANGULATION_CORRECTION_MESIAL),
                s.tiltBuccalDeg() + d.get(ANGULATION_CORRECTION_BUCCAL));
    }

    static double[] commonAxis(CasePlan plan, List<Design> designs, List<SitePlan> group) {
        double[] sum = new double[3];
        for (SitePlan s : group) {
            double[] v = abutmentAxis(s, designs.get(plan.sites().indexOf(s)));
            for (int k = 0; k < 3; k++) {
                sum[k] += v[k];
            }
        }
        return normalise(sum);
    }

    static double maxPathDeviation(CasePlan plan, List<Design> designs, List<SitePlan> group) {
        double[] common = commonAxis(plan, designs, group);
        double max = 0;
        for (SitePlan s : group) {
            max = Math.max(max, angle(abutmentAxis(s, designs.get(plan.sites().indexOf(s))), common));
        }
        return max;
    }

    // ---- projection ---------------------------------------------------------------------------------------------

    Projection project(CasePlan plan, List<Design> raw) {
        List<Design> designs = new ArrayList<>();
        List<List<Adjustment>> adjustments = new ArrayList<>();
        for (Design d : raw) {
            designs.add(d.copy());
            adjustments.add(new ArrayList<>());
        }
        List<SitePlan> sites = plan.sites();
        for (int i = 0; i < sites.size(); i++) {
            Design d = designs.get(i);
            AbutmentMaterial requested = sites.get(i).instructions().material().orElse(d.material);
            if (requested != d.material) {
                adjustments.get(i).add(new Adjustment(Constraint.REQUESTED_MATERIAL, "material", d.material.name(),
                        requested.name()));
                d.material = requested;
            }
        }
        for (List<SitePlan> group : plan.bridges().values()) {
            // Rotating axes towards the mean moves the mean a little: repeat until every axis is within tolerance.
            for (int round = 0; round < 20 && maxPathDeviation(plan, designs, group) > pathToleranceDeg; round++) {
                double[] common = commonAxis(plan, designs, group);
                for (SitePlan s : group) {
                    int i = sites.indexOf(s);
                    Design d = designs.get(i);
                    double[] v = abutmentAxis(s, d);
                    double dev = angle(v, common);
                    if (dev > pathToleranceDeg - 0.05) {
                        double[] w = rotateTowards(v, common, dev - (pathToleranceDeg - 0.05));
                        double[] t = s.tilt(w);
                        change(adjustments.get(i), d, Constraint.PATH_OF_INSERTION, ANGULATION_CORRECTION_MESIAL,
                                t[0] - s.tiltMesialDeg());
                        change(adjustments.get(i), d, Constraint.PATH_OF_INSERTION, ANGULATION_CORRECTION_BUCCAL,
                                t[1] - s.tiltBuccalDeg());
                    }
                }
            }
        }
        for (int i = 0; i < sites.size(); i++) {
            projectSite(plan, sites.get(i), designs.get(i), adjustments.get(i));
        }
        List<List<String>> infeasible = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            infeasible.add(new ArrayList<>());
        }
        for (Violation v : violations(plan, designs)) {
            for (int i = 0; i < sites.size(); i++) {
                if (sites.get(i).tooth().number() == v.tooth()) {
                    infeasible.get(i).add(v.constraint() + ": " + v.message());
                }
            }
        }
        return new Projection(designs, adjustments, infeasible);
    }

    private void projectSite(CasePlan plan, SitePlan s, Design d, List<Adjustment> log) {
        double mag = d.correctionMagnitude();
        double maxCorr = d.material.maximumAngulationCorrectionDeg();
        if (mag > maxCorr) {
            double k = maxCorr / mag;
            change(log, d, Constraint.ANGULATION_CORRECTION, ANGULATION_CORRECTION_MESIAL,
                    d.get(ANGULATION_CORRECTION_MESIAL) * k);
            change(log, d, Constraint.ANGULATION_CORRECTION, ANGULATION_CORRECTION_BUCCAL,
                    d.get(ANGULATION_CORRECTION_BUCCAL) * k);
        }
        for (int side = 0; side < 4; side++) {
            clamp(log, d, Constraint.MARGIN_DEPTH, MARGINS[side], marginLow(s, side), marginHigh(s, side));
        }
        clamp(log, d, Constraint.CUFF_HEIGHT, CUFF_HEIGHT, MIN_CUFF_MM, minMargin(d) - CUFF_BELOW_MARGIN_MM);
        clamp(log, d, Constraint.EMERGENCE_ANGLE, EMERGENCE_ANGLE, 0, MAX_EMERGENCE_DEG);
        clamp(log, d, Constraint.MARGIN_DIAMETER, MARGIN_DIAMETER_MESIODISTAL, diameterLow(s), mesiodistalHigh(s));
        clamp(log, d, Constraint.MARGIN_DIAMETER, MARGIN_DIAMETER_BUCCOLINGUAL, diameterLow(s), buccolingualHigh(s));
        clamp(log, d, Constraint.OCCLUSAL_CLEARANCE, TOTAL_HEIGHT, heightLow(d),
                heightHigh(s, plan.crownMaterial()));
        clamp(log, d, Constraint.SCREW_CHANNEL_ANGLE, SCREW_CHANNEL_ANGLE, 0, MAX_SCREW_CHANNEL_DEG);
        double required = d.material.minimumWallThicknessMm() + WALL_SAFETY_MM;
        if (!geometryValid(d) || wallThickness(s, d) >= required) {
            return;
        }
        // The channel's tilt thins the wall at the top: first reduce it to the largest angle that fits ...
        if (d.get(SCREW_CHANNEL_ANGLE) > 0) {
            Design probe = d.copy();
            probe.set(SCREW_CHANNEL_ANGLE, 0);
            if (wallThickness(s, probe) >= required) {
                double lo = 0;
                double hi = d.get(SCREW_CHANNEL_ANGLE);
                for (int k = 0; k < 16; k++) {
                    double mid = (lo + hi) / 2;
                    probe.set(SCREW_CHANNEL_ANGLE, mid);
                    if (wallThickness(s, probe) >= required) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                change(log, d, Constraint.WALL_THICKNESS, SCREW_CHANNEL_ANGLE, lo);
                return;
            }
        }
        // ... else widen the margin (and with it the chimney) as far as the neighbours and the tissue allow.
        double room = Math.min(mesiodistalHigh(s) - d.get(MARGIN_DIAMETER_MESIODISTAL),
                buccolingualHigh(s) - d.get(MARGIN_DIAMETER_BUCCOLINGUAL));
        Design probe = d.copy();
        widen(probe, d, room);
        if (room > 0 && wallThickness(s, probe) >= required) {
            double lo = 0;
            double hi = room;
            for (int k = 0; k < 16; k++) {
                double mid = (lo + hi) / 2;
                widen(probe, d, mid);
                if (wallThickness(s, probe) >= required) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            change(log, d, Constraint.WALL_THICKNESS, MARGIN_DIAMETER_MESIODISTAL,
                    d.get(MARGIN_DIAMETER_MESIODISTAL) + hi);
            change(log, d, Constraint.WALL_THICKNESS, MARGIN_DIAMETER_BUCCOLINGUAL,
                    d.get(MARGIN_DIAMETER_BUCCOLINGUAL) + hi);
        }
    }

    private static void widen(Design probe, Design from, double delta) {
        probe.set(MARGIN_DIAMETER_MESIODISTAL, from.get(MARGIN_DIAMETER_MESIODISTAL) + delta);
        probe.set(MARGIN_DIAMETER_BUCCOLINGUAL, from.get(MARGIN_DIAMETER_BUCCOLINGUAL) + delta);
    }

    private static void clamp(List<Adjustment> log, Design d, Constraint c, DesignParameter p, double lo, double hi) {
        if (lo > hi) {
            return;
        }
        double v = d.get(p);
        if (v < lo) {
            change(log, d, c, p, lo);
        } else if (v > hi) {
            change(log, d, c, p, hi);
        }
    }

    private static void change(List<Adjustment> log, Design d, Constraint c, DesignParameter p, double value) {
        double before = d.get(p);
        if (Math.abs(before - value) > 1e-9) {
            d.set(p, value);
            log.add(new Adjustment(c, p.key(), fmt("%.2f", before), fmt("%.2f", value)));
        }
    }

    // ---- vectors ------------------------------------------------------------------------------------------------

    static double angle(double[] a, double[] b) {
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot))));
    }

    static double[] normalise(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    /** Rotates unit vector v towards unit vector target by the given angle (degrees) in their common plane. */
    static double[] rotateTowards(double[] v, double[] target, double degrees) {
        double total = Math.toRadians(angle(v, target));
        if (total < 1e-9) {
            return v.clone();
        }
        double t = Math.min(1.0, Math.toRadians(degrees) / total);
        double s = Math.sin(total);
        double a = Math.sin((1 - t) * total) / s;
        double b = Math.sin(t * total) / s;
        return normalise(new double[] {a * v[0] + b * target[0], a * v[1] + b * target[1], a * v[2] + b * target[2]});
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static Map<Constraint, Integer> count(List<Violation> violations) {
        Map<Constraint, Integer> out = new LinkedHashMap<>();
        for (Violation v : violations) {
            out.merge(v.constraint(), 1, Integer::sum);
        }
        return out;
    }
}
