package io.consilium.abutment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A case checked and put into clinical terms. Impossible input (unknown system, negative heights, overlapping
 * implants, an axis pointing into the bone) is refused with an {@link InvalidCaseException} naming the field;
 * doubtful input (no instructions, implants closer than 3 mm, a non-unit axis) is accepted with a warning.
 */
record CasePlan(String caseId, CrownMaterial crownMaterial, Instructions instructions, List<SitePlan> sites,
        List<String> warnings) {

    static final double MIN_INTER_IMPLANT_MM = 3.0;

    Map<String, List<SitePlan>> bridges() {
        Map<String, List<SitePlan>> groups = new LinkedHashMap<>();
        for (SitePlan s : sites) {
            if (s.bridge() != null) {
                groups.computeIfAbsent(s.bridge(), k -> new ArrayList<>()).add(s);
            }
        }
        groups.values().removeIf(g -> g.size() < 2);
        return groups;
    }

    static CasePlan of(AbutmentCase c) {
        if (c == null) {
            throw new InvalidCaseException("case", "is empty");
        }
        List<String> warnings = new ArrayList<>();
        if (c.caseId() == null || c.caseId().isBlank()) {
            throw new InvalidCaseException("caseId", "is missing");
        }
        if (c.crownMaterial() == null) {
            throw new InvalidCaseException("crownMaterial", "is missing; known: "
                    + List.of(CrownMaterial.values()));
        }
        CrownMaterial crown = CrownMaterial.parse(c.crownMaterial());
        Instructions instructions = new Instructions(c.instructions());
        if (instructions.isBlank()) {
            warnings.add("no clinical instructions given: the proposal follows the default design style for each "
                    + "tooth; add instructions (retention, material, margin) to steer it");
        }
        if (c.sites() == null || c.sites().isEmpty()) {
            throw new InvalidCaseException("sites", "a case needs at least one implant site");
        }
        if (c.sites().size() > 16) {
            throw new InvalidCaseException("sites", c.sites().size() + " sites; a jaw holds at most 16 teeth");
        }
        List<SitePlan> sites = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < c.sites().size(); i++) {
            SitePlan site = site("sites[" + i + "]", c.sites().get(i), instructions, warnings);
            if (!seen.add(site.tooth().number())) {
                throw new InvalidCaseException("sites[" + i + "].tooth", "tooth " + site.tooth()
                        + " appears twice in the case");
            }
            sites.add(site);
        }
        for (int t : instructions.mentionedTeeth()) {
            if (!seen.contains(t)) {
                warnings.add("instructions mention tooth " + t + ", which has no implant in this case; "
                        + "that part of the instructions is not applied");
            }
        }
        checkSpacing(sites, warnings);
        CasePlan plan = new CasePlan(c.caseId(), crown, instructions, List.copyOf(sites), warnings);
        for (SitePlan s : sites) {
            if (s.bridge() != null && !plan.bridges().containsKey(s.bridge())) {
                warnings.add("bridge '" + s.bridge() + "' has only one abutment (tooth " + s.tooth()
                        + "); it is designed as a single crown");
            }
        }
        for (var e : plan.bridges().entrySet()) {
            if (e.getValue().stream().map(s -> s.tooth().jaw()).distinct().count() > 1) {
                throw new InvalidCaseException("sites.bridge", "bridge '" + e.getKey()
                        + "' joins implants in both jaws");
            }
        }
        return plan;
    }

    private static SitePlan site(String f, AbutmentCase.Site s, Instructions instructions, List<String> warnings) {
        if (s == null) {
            throw new InvalidCaseException(f, "is empty");
        }
        FdiToothNumber tooth;
        try {
            tooth = FdiToothNumber.of(require(f + ".tooth", s.tooth() == null ? null : s.tooth().doubleValue())
                    .intValue());
        } catch (InvalidCaseException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidCaseException(f + ".tooth", e.getMessage());
        }
        String fi = f + ".implant";
        AbutmentCase.Implant imp = s.implant();
        if (imp == null) {
            throw new InvalidCaseException(fi, "is missing");
        }
        if (imp.system() == null || imp.platform() == null) {
            throw new InvalidCaseException(fi, "system and platform are required");
        }
        ImplantSystems.Platform platform = ImplantSystems.platform(fi, imp.system(), imp.platform());
        double diameter = require(fi + ".platformDiameterMm", imp.platformDiameterMm());
        if (Math.abs(diameter - platform.diameterMm()) > 0.05) {
            throw new InvalidCaseException(fi + ".platformDiameterMm", String.format(Locale.ROOT,
                    "%.2f mm does not match %s %s (%.2f mm)", diameter, platform.system(), platform.name(),
                    platform.diameterMm()));
        }
        if (ImplantSystems.connection(fi + ".connection", imp.connection()) != platform.connection()) {
            throw new InvalidCaseException(fi + ".connection", "'" + imp.connection() + "' does not match "
                    + platform.system() + " " + platform.name() + " (" + platform.connection() + ")");
        }
        double length = range(fi + ".lengthMm", imp.lengthMm(), 4.0, 20.0);
        double[] position = vector(fi + ".position", imp.position());
        double[] axis = vector(fi + ".axis", imp.axis());
        double norm = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        if (norm < 1e-6) {
            throw new InvalidCaseException(fi + ".axis", "is the zero vector");
        }
        if (Math.abs(norm - 1.0) > 0.01) {
            warnings.add(String.format(Locale.ROOT, "tooth %s: implant axis had length %.3f and was normalised",
                    tooth, norm));
        }
        for (int k = 0; k < 3; k++) {
            axis[k] /= norm;
        }
        if (axis[2] < Math.cos(Math.toRadians(45))) {
            throw new InvalidCaseException(fi + ".axis", String.format(Locale.ROOT,
                    "tilts %.0f degrees from the occlusal-plane normal (z points from the bone to the occlusal "
                            + "plane); more than 45 degrees is not restorable with an abutment",
                    Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, axis[2]))))));
        }
        boolean patientsLeft = tooth.quadrant() == 2 || tooth.quadrant() == 3;
        if ((patientsLeft && position[0] < -1.0) || (!patientsLeft && position[0] > 1.0)) {
            throw new InvalidCaseException(fi + ".position", "tooth " + tooth + " is on the patient's "
                    + (patientsLeft ? "left" : "right") + " but its implant lies at x = " + position[0]
                    + " mm (x points to the patient's left)");
        }
        AbutmentCase.SoftTissue tissue = s.softTissue();
        if (tissue == null) {
            throw new InvalidCaseException(f + ".softTissue", "is missing");
        }
        double height = range(f + ".softTissue.heightMm", tissue.heightMm(), 0.5, 8.0);
        double thickness = range(f + ".softTissue.thicknessMm", tissue.thicknessMm(), 0.3, 6.0);
        double mesialGap = range(f + ".mesialGapMm", s.mesialGapMm(), 1.0, 12.0);
        double distalGap = range(f + ".distalGapMm", s.distalGapMm(), 1.0, 12.0);
        double clearance = range(f + ".occlusalClearanceMm", s.occlusalClearanceMm(), 1.0, 15.0);
        Double nm = null;
        Double nd = null;
        if (s.neighbourHeights() != null) {
            nm = s.neighbourHeights().mesialMm() == null ? null
                    : range(f + ".neighbourHeights.mesialMm", s.neighbourHeights().mesialMm(), 3.0, 15.0);
            nd = s.neighbourHeights().distalMm() == null ? null
                    : range(f + ".neighbourHeights.distalMm", s.neighbourHeights().distalMm(), 3.0, 15.0);
        }
        double bx = position[0];
        double by = position[1];
        double bn = Math.hypot(bx, by);
        double[] buccal = bn < 1e-6 ? new double[] {0, 1} : new double[] {bx / bn, by / bn};
        double[] mesial = patientsLeft ? new double[] {-buccal[1], buccal[0]} : new double[] {buccal[1], -buccal[0]};
        double tm = Math.toDegrees(Math.asin(axis[0] * mesial[0] + axis[1] * mesial[1]));
        double tb = Math.toDegrees(Math.asin(axis[0] * buccal[0] + axis[1] * buccal[1]));
        String bridge = s.bridge() == null || s.bridge().isBlank() ? null : s.bridge().strip();
        Instructions.Scoped scoped = instructions.forSite(tooth.number());
        warnings.addAll(scoped.warnings());
        return new SitePlan(tooth, platform, position, axis, length, height, thickness, mesialGap, distalGap,
                clearance, nm, nd, bridge, buccal, mesial, tm, tb, scoped);
    }

    private static void checkSpacing(List<SitePlan> sites, List<String> warnings) {
        for (int i = 0; i < sites.size(); i++) {
            for (int j = i + 1; j < sites.size(); j++) {
                SitePlan a = sites.get(i);
                SitePlan b = sites.get(j);
                if (a.tooth().jaw() != b.tooth().jaw()) {
                    continue;
                }
                double d = segmentDistance(a, b);
                double bodies = a.platformRadius() + b.platformRadius();
                if (d < bodies) {
                    throw new InvalidCaseException("sites", String.format(Locale.ROOT,
                            "implants %s and %s overlap: their bodies come %.1f mm apart (centre lines), "
                                    + "their radii need %.1f mm", a.tooth(), b.tooth(), d, bodies));
                }
                if (d - bodies < MIN_INTER_IMPLANT_MM) {
                    warnings.add(String.format(Locale.ROOT, "implants %s and %s are %.1f mm apart, less than the "
                            + "%.0f mm recommended between implants; papilla support may be poor", a.tooth(),
                            b.tooth(), d - bodies, MIN_INTER_IMPLANT_MM));
                }
            }
        }
    }

    /** Closest distance between two implants' centre lines (platform to apex). */
    static double segmentDistance(SitePlan a, SitePlan b) {
        double[] p = a.position();
        double[] q = b.position();
        double[] u = scale(a.axis(), -a.lengthMm());
        double[] v = scale(b.axis(), -b.lengthMm());
        double[] w = {p[0] - q[0], p[1] - q[1], p[2] - q[2]};
        double aa = dot(u, u);
        double bb = dot(u, v);
        double cc = dot(v, v);
        double dd = dot(u, w);
        double ee = dot(v, w);
        double den = aa * cc - bb * bb;
        double s = den < 1e-9 ? 0 : clamp((bb * ee - cc * dd) / den);
        double t = clamp((bb * s + ee) / cc);
        s = clamp((bb * t - dd) / aa);
        double[] diff = {w[0] + s * u[0] - t * v[0], w[1] + s * u[1] - t * v[1], w[2] + s * u[2] - t * v[2]};
        return Math.sqrt(dot(diff, diff));
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] scale(double[] a, double k) {
        return new double[] {a[0] * k, a[1] * k, a[2] * k};
    }

    private static Double require(String field, Double value) {
        if (value == null) {
            throw new InvalidCaseException(field, "is missing");
        }
        if (!Double.isFinite(value)) {
            throw new InvalidCaseException(field, "is not a finite number");
        }
        return value;
    }

    private static double range(String field, Double value, double min, double max) {
        double v = require(field, value);
        if (v < 0) {
            throw new InvalidCaseException(field, v + " is negative");
        }
        if (v < min || v > max) {
            throw new InvalidCaseException(field, String.format(Locale.ROOT,
                    "%.2f is outside the plausible range %.1f to %.1f", v, min, max));
        }
        return v;
    }

    private static double[] vector(String field, List<Double> values) {
        if (values == null || values.size() != 3) {
            throw new InvalidCaseException(field, "needs exactly three numbers [x, y, z] in mm (jaw frame)");
        }
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            out[k] = require(field + "[" + k + "]", values.get(k));
        }
        return out;
    }
}
