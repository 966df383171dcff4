package io.consilium.abutment;

import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_BUCCAL;
import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_MESIAL;
import static io.consilium.abutment.DesignParameter.CUFF_HEIGHT;
import static io.consilium.abutment.DesignParameter.EMERGENCE_ANGLE;
import static io.consilium.abutment.DesignParameter.MARGIN_DIAMETER_BUCCOLINGUAL;
import static io.consilium.abutment.DesignParameter.MARGIN_DIAMETER_MESIODISTAL;
import static io.consilium.abutment.DesignParameter.SCREW_CHANNEL_ANGLE;
import static io.consilium.abutment.DesignParameter.TOTAL_HEIGHT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Realistic synthetic cases with reference designs, drawn from published design rules: average cervical
 * dimensions per tooth (Wheeler), margin depth by zone and retention (at most 1 mm subgingival when cemented),
 * emergence angles up to 30 degrees (Katafuchi et al. 2018), 3 mm between implants (Tarnow et al. 2000), angled
 * screw channels up to 25 degrees. Each site's reference follows a technician style; instructions change the
 * correct answer (style, material, retention, margin depth, angled channel, full axis correction of a named tooth,
 * emergence width), so a model that ignores the text measurably loses. References are projected onto the
 * constraints like any proposal; a draw whose reference is infeasible or whose geometry is impossible is redrawn.
 */
public final class SyntheticCases {

    /** A generated case with the design a technician of the drawn style would deliver for each site. */
    public record LabelledCase(AbutmentCase abutmentCase, List<Reference> reference) {
    }

    public record Reference(int tooth, String style, String material, Map<String, Double> parameters) {

        Design design() {
            double[] v = new double[DesignParameter.COUNT];
            for (DesignParameter p : DesignParameter.values()) {
                Double value = parameters.get(p.key());
                if (value == null) {
                    throw new IllegalArgumentException("reference for tooth " + tooth + " lacks " + p.key());
                }
                v[p.ordinal()] = value;
            }
            return new Design(v, AbutmentMaterial.parse(material));
        }
    }

    // Typical tooth centres (x, y) in mm for the patient's left side, positions 1..8, and cervical/crown widths.
    private static final double[][] MAXILLA_XY = {{4.3, 27}, {11, 24.5}, {16.5, 20}, {20.5, 13.5}, {23, 7},
        {25.5, 0}, {27, -9.5}, {28, -18}};
    private static final double[][] MANDIBLE_XY = {{2.7, 22}, {7.5, 20.5}, {12.5, 17}, {17, 11.5}, {20, 5.5},
        {22.5, -2}, {24.5, -12}, {25.5, -21}};
    private static final double[][] MAXILLA_CERVICAL = {{7.0, 6.0}, {5.0, 5.0}, {5.5, 7.0}, {5.0, 8.0}, {5.0, 8.0},
        {8.0, 10.0}, {7.0, 9.0}, {6.0, 8.5}};
    private static final double[][] MANDIBLE_CERVICAL = {{3.5, 5.3}, {4.0, 5.8}, {5.5, 7.0}, {5.0, 6.5},
        {5.0, 7.0}, {8.5, 8.5}, {8.0, 8.0}, {7.5, 7.5}};
    private static final double[] MAXILLA_CROWN = {8.5, 6.5, 7.5, 7.0, 6.5, 10, 9, 8.5};
    private static final double[] MANDIBLE_CROWN = {5.0, 5.5, 7.0, 7.0, 7.0, 11, 10.5, 10};
    private static final String[] FILLERS = {"thanks", "please proceed", "see attached scan", "deliver by friday",
        "case for review"};

    private SyntheticCases() {
    }

    public static List<LabelledCase> generate(long seed, int count) {
        Random random = new Random(seed);
        DesignConstraints constraints = new DesignConstraints(AbutmentDesigner.DEFAULT_PATH_TOLERANCE_DEG);
        List<LabelledCase> out = new ArrayList<>();
        int index = 0;
        while (out.size() < count) {
            if (index > 20 * count + 100) {
                throw new IllegalStateException("the case generator rejects almost every draw; check the design rules");
            }
            LabelledCase drawn = draw(random, "synthetic-" + seed + "-" + index++, constraints);
            if (drawn != null) {
                out.add(drawn);
            }
        }
        return out;
    }

    private static LabelledCase draw(Random r, String id, DesignConstraints constraints) {
        boolean maxilla = r.nextBoolean();
        int n = pick(r, new int[] {1, 2, 3, 4, 6}, new double[] {0.35, 0.25, 0.2, 0.1, 0.1});
        List<Integer> teeth = chooseTeeth(r, maxilla, n);
        boolean bridge = n >= 2 && r.nextDouble() < 0.6 && contiguous(teeth);
        String system = pickSystem(r);
        List<AbutmentCase.Site> sites = new ArrayList<>();
        for (int tooth : teeth) {
            sites.add(site(r, FdiToothNumber.of(tooth), teeth, system, bridge ? "B1" : null));
        }
        CrownMaterial crown = CrownMaterial.values()[r.nextInt(CrownMaterial.values().length)];

        // Instructions: every clause drawn here changes the reference design below.
        List<String> clauses = new ArrayList<>();
        TechnicianStyle stated = null;
        if (r.nextDouble() < 0.5) {
            stated = TechnicianStyle.values()[r.nextInt(3)];
            clauses.add(stated.phrases.get(r.nextInt(stated.phrases.size())));
        }
        String retention = r.nextDouble() < 0.6 ? (r.nextDouble() < 0.6 ? "screw-retained" : "cement-retained") : null;
        AbutmentMaterial material = null;
        if (r.nextDouble() < 0.5) {
            material = pick(r, new AbutmentMaterial[] {AbutmentMaterial.ZIRCONIA, AbutmentMaterial.TITANIUM,
                AbutmentMaterial.LITHIUM_DISILICATE, AbutmentMaterial.PEEK}, new double[] {0.4, 0.4, 0.1, 0.1});
            String name = material == AbutmentMaterial.LITHIUM_DISILICATE
                    ? (r.nextBoolean() ? "lithium disilicate" : "emax") : material.name().toLowerCase(Locale.ROOT);
            clauses.add(retention != null && r.nextBoolean() ? retention + " " + name : name + " abutment");
        }
        if (retention != null && clauses.stream().noneMatch(c -> c.contains(retention))) {
            clauses.add(retention);
        }
        double marginShift = 0;
        Double marginDepth = null;
        double u = r.nextDouble();
        if (u < 0.12) {
            clauses.add("deeper margin");
            marginShift = 0.5;
        } else if (u < 0.22) {
            clauses.add("shallow margin");
            marginShift = -0.5;
        } else if (u < 0.34) {
            marginDepth = new double[] {0.5, 1.0, 1.5}[r.nextInt(3)];
            clauses.add(String.format(Locale.ROOT, "margin %.1f mm subgingival", marginDepth));
        } else if (u < 0.40) {
            clauses.add("equigingival margin");
            marginDepth = 0.0;
        }
        boolean angled = !"cement-retained".equals(retention) && r.nextDouble() < 0.2;
        if (angled) {
            clauses.add("angled screw channel");
        }
        Integer corrected = null;
        if (r.nextDouble() < 0.3) {
            corrected = teeth.get(r.nextInt(teeth.size()));
            clauses.add((r.nextBoolean() ? "correct the angulation of " : "fully correct the axis of ") + corrected);
        }
        double emergence = 0;
        double v = r.nextDouble();
        if (v < 0.1) {
            clauses.add("wide emergence");
            emergence = 1;
        } else if (v < 0.2) {
            clauses.add("narrow emergence");
            emergence = -1;
        }
        if (r.nextDouble() < 0.3) {
            clauses.add(FILLERS[r.nextInt(FILLERS.length)]);
        }
        Collections.shuffle(clauses, r);
        String text = String.join(r.nextBoolean() ? ", " : ". ", clauses);
        AbutmentCase abutmentCase = new AbutmentCase(id, crown.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                text, sites);

        CasePlan plan;
        try {
            plan = CasePlan.of(abutmentCase);
        } catch (InvalidCaseException e) {
            return null;
        }
        List<Design> designs = new ArrayList<>();
        List<TechnicianStyle> styles = new ArrayList<>();
        for (SitePlan s : plan.sites()) {
            TechnicianStyle style = stated != null ? stated : TechnicianStyle.defaultFor(s.tooth());
            styles.add(style);
            designs.add(reference(r, s, style, material, marginShift, marginDepth,
                    angled, corrected != null && corrected == s.tooth().number(), emergence, plan.crownMaterial()));
        }
        DesignConstraints.Projection projected = constraints.project(plan, designs);
        if (projected.infeasible().stream().anyMatch(l -> !l.isEmpty())) {
            return null;
        }
        List<Reference> references = new ArrayList<>();
        for (int i = 0; i < plan.sites().size(); i++) {
            Design d = projected.designs().get(i);
            Map<String, Double> values = new LinkedHashMap<>();
            for (DesignParameter p : DesignParameter.values()) {
                values.put(p.key(), Math.round(d.get(p) * 1000.0) / 1000.0);
            }
            references.add(new Reference(plan.sites().get(i).tooth().number(), styles.get(i).name(),
                    d.material.name(), values));
        }
        return new LabelledCase(abutmentCase, references);
    }

    private static Design reference(Random r, SitePlan s, TechnicianStyle style, AbutmentMaterial material,
            double marginShift, Double marginDepth, boolean angled, boolean fullCorrection, double emergence,
            CrownMaterial crown) {
        FdiToothNumber tooth = s.tooth();
        double[] values = new double[DesignParameter.COUNT];
        double depth = tooth.isAnterior() ? style.anteriorDepthMm : style.posteriorDepthMm;
        if (s.softTissueThicknessMm() > 3.0) {
            depth += 0.2;
        } else if (s.softTissueThicknessMm() < 1.5) {
            depth -= 0.2;
        }
        depth += marginShift;
        if (marginDepth != null) {
            depth = marginDepth;
        }
        double[] tissue = DesignConstraints.tissueHeights(s);
        double[] depths = {depth, depth - 0.3, depth * 0.6, depth * 0.6};
        for (int side = 0; side < 4; side++) {
            values[DesignConstraints.MARGINS[side].ordinal()] = tissue[side] - depths[side];
        }
        double minMargin = Math.min(Math.min(values[0], values[1]), Math.min(values[2], values[3]));
        double maxMargin = Math.max(Math.max(values[0], values[1]), Math.max(values[2], values[3]));
        double ea = style.emergenceDeg + 5 * emergence - (s.softTissueThicknessMm() < 1.5 ? 3 : 0);
        values[EMERGENCE_ANGLE.ordinal()] = ea;
        values[CUFF_HEIGHT.ordinal()] = Math.max(DesignConstraints.MIN_CUFF_MM, minMargin - style.flareHeightMm);
        double[] cervical = (tooth.jaw() == FdiToothNumber.Jaw.MAXILLA ? MAXILLA_CERVICAL : MANDIBLE_CERVICAL)
                [tooth.position() - 1];
        values[MARGIN_DIAMETER_MESIODISTAL.ordinal()] = cervical[0] * style.diameterFactor + 0.5 * emergence;
        values[MARGIN_DIAMETER_BUCCOLINGUAL.ordinal()] = cervical[1] * style.diameterFactor * 0.85
                + 0.5 * emergence;
        values[TOTAL_HEIGHT.ordinal()] = maxMargin + style.chimneyMm;
        double tilt = Math.hypot(s.tiltMesialDeg(), s.tiltBuccalDeg());
        double fraction = fullCorrection ? 1.0 : (tilt < 4 ? 0.0 : style.correctionFraction);
        values[ANGULATION_CORRECTION_MESIAL.ordinal()] = -fraction * s.tiltMesialDeg();
        values[ANGULATION_CORRECTION_BUCCAL.ordinal()] = -fraction * s.tiltBuccalDeg();
        boolean cemented = s.instructions().retention() == Instructions.Retention.CEMENT;
        double screw = 0;
        if (angled) {
            screw = Math.min(25, 10 + Math.abs(s.tiltBuccalDeg()));
        } else if (style == TechnicianStyle.AESTHETIC && tooth.isAnterior() && !cemented && s.tiltBuccalDeg() > 12) {
            screw = Math.min(25, s.tiltBuccalDeg());
        }
        values[SCREW_CHANNEL_ANGLE.ordinal()] = screw;
        for (DesignParameter p : DesignParameter.values()) {
            if (values[p.ordinal()] != 0) {
                values[p.ordinal()] += r.nextGaussian() * (p.unit() == DesignParameter.Unit.MM ? 0.04 : 0.4);
            }
        }
        return new Design(values, material != null ? material : style.defaultMaterial(tooth));
    }

    private static AbutmentCase.Site site(Random r, FdiToothNumber tooth, List<Integer> teeth, String system,
            String bridge) {
        boolean maxilla = tooth.jaw() == FdiToothNumber.Jaw.MAXILLA;
        boolean left = tooth.quadrant() == 2 || tooth.quadrant() == 3;
        double[] xy = (maxilla ? MAXILLA_XY : MANDIBLE_XY)[tooth.position() - 1];
        double crownWidth = (maxilla ? MAXILLA_CROWN : MANDIBLE_CROWN)[tooth.position() - 1];
        ImplantSystems.Platform platform = platformFor(r, system, crownWidth);
        double tissue = clamp(3.0 + (tooth.isAnterior() && maxilla ? 0.5 : 0) + r.nextGaussian() * 0.8, 1.5, 5.5);
        double thickness = clamp(2.2 + r.nextGaussian() * 0.7, 0.8, 4.5);
        double x = (left ? 1 : -1) * (xy[0] + r.nextGaussian() * 0.3);
        double y = xy[1] + r.nextGaussian() * 0.3;
        double z = -(tissue + 7.0 + r.nextGaussian() * 0.5);
        double tiltM = clamp(r.nextGaussian() * 5, -20, 20);
        double tiltB = clamp((tooth.isAnterior() && maxilla ? 8 : 2) + r.nextGaussian() * 7, -20, 32);
        double bn = Math.hypot(x, y);
        double[] buccal = {x / bn, y / bn};
        double[] mesial = left ? new double[] {-buccal[1], buccal[0]} : new double[] {buccal[1], -buccal[0]};
        double sm = Math.sin(Math.toRadians(tiltM));
        double sb = Math.sin(Math.toRadians(tiltB));
        double az = Math.sqrt(1 - sm * sm - sb * sb);
        double minGap = platform.diameterMm() / 2 + 0.9;
        double mesialGap = Math.max(minGap, crownWidth / 2 + r.nextGaussian() * 0.4);
        double distalGap = Math.max(minGap, crownWidth / 2 + r.nextGaussian() * 0.4);
        Double nm = neighbour(r, tooth, teeth, true);
        Double nd = neighbour(r, tooth, teeth, false);
        double clearance = clamp(7.0 + r.nextGaussian() * 1.2, 4.0, 10.5);
        double length = new double[] {8, 10, 11.5, 13}[r.nextInt(4)];
        return new AbutmentCase.Site(tooth.number(),
                new AbutmentCase.Implant(platform.system(), platform.name(), platform.diameterMm(),
                        platform.connection().name().toLowerCase(Locale.ROOT).replace('_', ' '), length,
                        List.of(round(x), round(y), round(z)),
                        List.of(round4(sm * mesial[0] + sb * buccal[0]), round4(sm * mesial[1] + sb * buccal[1]),
                                round4(az))),
                new AbutmentCase.SoftTissue(round(tissue), round(thickness)), round(mesialGap), round(distalGap),
                round(clearance), new AbutmentCase.NeighbourHeights(nm, nd), bridge);
    }

    private static Double neighbour(Random r, FdiToothNumber tooth, List<Integer> teeth, boolean mesialSide) {
        int number = neighbourNumber(tooth, mesialSide);
        if (number < 0 || teeth.contains(number) || r.nextDouble() < 0.2) {
            return null;
        }
        return round(clamp((tooth.isAnterior() ? 8.5 : 7.0) + r.nextGaussian(), 4.5, 11.5));
    }

    /** The FDI number of the neighbour on the mesial or distal side, or -1 beyond the arch. */
    static int neighbourNumber(FdiToothNumber tooth, boolean mesialSide) {
        if (mesialSide) {
            if (tooth.position() > 1) {
                return tooth.number() - 1;
            }
            int other = switch (tooth.quadrant()) {
                case 1 -> 2;
                case 2 -> 1;
                case 3 -> 4;
                default -> 3;
            };
            return other * 10 + 1;
        }
        return tooth.position() < 8 ? tooth.number() + 1 : -1;
    }

    private static List<Integer> chooseTeeth(Random r, boolean maxilla, int n) {
        int[] quadrants = maxilla ? new int[] {1, 2} : new int[] {4, 3};
        List<Integer> arch = new ArrayList<>();
        for (int p = 7; p >= 1; p--) {
            arch.add(quadrants[0] * 10 + p);
        }
        for (int p = 1; p <= 7; p++) {
            arch.add(quadrants[1] * 10 + p);
        }
        List<Integer> teeth = new ArrayList<>();
        if (r.nextDouble() < 0.7) {
            int start = r.nextInt(arch.size() - n + 1);
            teeth.addAll(arch.subList(start, start + n));
        } else {
            List<Integer> shuffled = new ArrayList<>(arch);
            Collections.shuffle(shuffled, r);
            teeth.addAll(shuffled.subList(0, n));
            teeth.sort((a, b) -> Integer.compare(arch.indexOf(a), arch.indexOf(b)));
        }
        return teeth;
    }

    private static boolean contiguous(List<Integer> teeth) {
        for (int i = 0; i + 1 < teeth.size(); i++) {
            FdiToothNumber a = FdiToothNumber.of(teeth.get(i));
            if (neighbourNumber(a, false) != teeth.get(i + 1) && neighbourNumber(a, true) != teeth.get(i + 1)) {
                return false;
            }
        }
        return true;
    }

    private static String pickSystem(Random r) {
        List<String> systems = ImplantSystems.all().stream().map(ImplantSystems.Platform::system).distinct().toList();
        return systems.get(r.nextInt(systems.size()));
    }

    private static ImplantSystems.Platform platformFor(Random r, String system, double crownWidth) {
        List<ImplantSystems.Platform> platforms = ImplantSystems.all().stream()
                .filter(p -> p.system().equals(system)).toList();
        // Narrow platforms for narrow teeth, the widest that leaves ~1.5 mm to each neighbour otherwise.
        double target = crownWidth < 6 ? 3.5 : crownWidth < 8 ? 4.1 : (r.nextBoolean() ? 4.5 : 4.1);
        ImplantSystems.Platform best = platforms.get(0);
        for (ImplantSystems.Platform p : platforms) {
            if (Math.abs(p.diameterMm() - target) < Math.abs(best.diameterMm() - target)) {
                best = p;
            }
        }
        return best;
    }

    private static <T> T pick(Random r, T[] values, double[] weights) {
        double u = r.nextDouble();
        for (int i = 0; i < values.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static int pick(Random r, int[] values, double[] weights) {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return pick(r, boxed, weights);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
