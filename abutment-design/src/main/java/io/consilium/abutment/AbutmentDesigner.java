package io.consilium.abutment;

import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_BUCCAL;
import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_MESIAL;

import io.consilium.abutment.AbutmentProposal.Abutment;
import io.consilium.abutment.AbutmentProposal.AngulationCorrection;
import io.consilium.abutment.AbutmentProposal.Estimate;
import io.consilium.abutment.AbutmentProposal.ExpertWeight;
import io.consilium.abutment.AbutmentProposal.MaterialChoice;
import io.consilium.abutment.AbutmentProposal.PathOfInsertion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proposes abutments for a case: validates it, lets the network regress every site of the case in one batch,
 * projects the designs jointly onto the manufacturing and clinical constraints, and explains the result (expert
 * gate weights, corrections made, infeasibility with its reason, warnings about the input).
 */
public final class AbutmentDesigner implements AutoCloseable {

    /** Largest angle between any abutment of a bridge and the bridge's common path of insertion. */
    public static final double DEFAULT_PATH_TOLERANCE_DEG = 5.0;

    private final AbutmentModel model;
    private final DesignConstraints constraints;

    AbutmentDesigner(AbutmentModel model, double pathToleranceDeg) {
        if (!(pathToleranceDeg > 0 && pathToleranceDeg <= 30)) {
            throw new IllegalArgumentException("path-of-insertion tolerance must be in (0, 30] degrees, got "
                    + pathToleranceDeg);
        }
        this.model = model;
        this.constraints = new DesignConstraints(pathToleranceDeg);
    }

    /** The designer with the weights bundled in this library (trained with the command in their model card). */
    public static AbutmentDesigner bundled() {
        return new AbutmentDesigner(AbutmentModel.bundled(AbutmentTraining.Variant.FULL.id()),
                DEFAULT_PATH_TOLERANCE_DEG);
    }

    /** A designer with weights written by {@link AbutmentTraining} into {@code directory}. */
    public static AbutmentDesigner load(Path directory, AbutmentTraining.Variant variant, double pathToleranceDeg) {
        return new AbutmentDesigner(AbutmentModel.load(directory, variant.id()), pathToleranceDeg);
    }

    public static AbutmentDesigner bundled(AbutmentTraining.Variant variant, double pathToleranceDeg) {
        return new AbutmentDesigner(AbutmentModel.bundled(variant.id()), pathToleranceDeg);
    }

    /** Model name, variant and training seed, for the audit trail. */
    public String modelVersion() {
        return model.card().version();
    }

    /** Everything one design run produced, before and after projection. */
    record Outcome(CasePlan plan, List<AbutmentModel.SitePrediction> predictions, List<Design> raw,
            DesignConstraints.Projection projection, List<String> unknownWords) {
    }

    Outcome design(CasePlan plan) {
        List<String> unknown = new ArrayList<>();
        List<AbutmentModel.SitePrediction> predictions = model.predict(plan, unknown);
        List<Design> raw = new ArrayList<>();
        for (AbutmentModel.SitePrediction p : predictions) {
            int best = 0;
            for (int c = 1; c < p.materialProbability().length; c++) {
                if (p.materialProbability()[c] > p.materialProbability()[best]) {
                    best = c;
                }
            }
            raw.add(new Design(p.mean(), AbutmentMaterial.values()[best]));
        }
        return new Outcome(plan, predictions, raw, constraints.project(plan, raw), unknown);
    }

    AbutmentModel model() {
        return model;
    }

    DesignConstraints constraints() {
        return constraints;
    }

    /** Proposes abutments; throws {@link InvalidCaseException} naming the field when the case is impossible. */
    public AbutmentProposal propose(AbutmentCase abutmentCase) {
        CasePlan plan = CasePlan.of(abutmentCase);
        Outcome outcome = design(plan);
        List<String> warnings = new ArrayList<>(plan.warnings());
        if (!outcome.unknownWords().isEmpty()) {
            warnings.add("instruction words the model does not know were ignored: "
                    + String.join(", ", outcome.unknownWords()));
        }
        if (!plan.instructions().isBlank() && model.card().usesText() && plan.sites().stream()
                .allMatch(s -> sum(model.bag(s.instructions().tokens(), null)) == 0)) {
            warnings.add("none of the instructions could be read by the model; the proposal ignores them");
        }
        List<Abutment> abutments = new ArrayList<>();
        for (int i = 0; i < plan.sites().size(); i++) {
            abutments.add(abutment(plan.sites().get(i), outcome, i));
            if (!outcome.projection().infeasible().get(i).isEmpty()) {
                warnings.add("tooth " + plan.sites().get(i).tooth() + " is infeasible as constrained: "
                        + String.join("; ", outcome.projection().infeasible().get(i)));
            }
        }
        List<PathOfInsertion> bridges = new ArrayList<>();
        for (var group : plan.bridges().entrySet()) {
            double[] axis = DesignConstraints.commonAxis(plan, outcome.projection().designs(), group.getValue());
            bridges.add(new PathOfInsertion(group.getKey(),
                    group.getValue().stream().map(s -> s.tooth().number()).toList(),
                    List.of(round(axis[0], 4), round(axis[1], 4), round(axis[2], 4)),
                    round(DesignConstraints.maxPathDeviation(plan, outcome.projection().designs(), group.getValue()),
                            2), constraints.pathToleranceDeg()));
        }
        return new AbutmentProposal(plan.caseId(), modelVersion(), abutments, bridges, warnings);
    }

    /** A person's edit of one abutment checked against the constraints: what would have to change, and why. */
    public record DesignCheck(int tooth, boolean acceptable, List<AbutmentProposal.Adjustment> corrections,
            List<String> infeasibleReasons) {
    }

    /**
     * Checks an edited design (a proposal whose parameter values and materials a technician or dentist changed)
     * against the same constraints every proposal is projected onto. Nothing is changed: each correction the
     * projection would make is reported (differences below the proposal's 0.01 rounding are not).
     *
     * @throws InvalidCaseException when the design misses a site of the case or one of its parameters
     */
    public List<DesignCheck> check(AbutmentCase abutmentCase, AbutmentProposal edited) {
        CasePlan plan = CasePlan.of(abutmentCase);
        List<Design> designs = new ArrayList<>();
        for (SitePlan site : plan.sites()) {
            int tooth = site.tooth().number();
            Abutment a = edited.abutments().stream().filter(x -> x.tooth() == tooth).findFirst()
                    .orElseThrow(() -> new InvalidCaseException("abutments", "no design for tooth " + tooth));
            double[] values = new double[DesignParameter.COUNT];
            for (DesignParameter p : DesignParameter.values()) {
                Estimate e = a.parameters() == null ? null : a.parameters().get(p.key());
                if (e == null) {
                    throw new InvalidCaseException("abutments[tooth=" + tooth + "].parameters." + p.key(), "missing");
                }
                values[p.ordinal()] = e.value();
            }
            AbutmentMaterial material;
            try {
                material = AbutmentMaterial.valueOf(a.material().value());
            } catch (RuntimeException e) {
                throw new InvalidCaseException("abutments[tooth=" + tooth + "].material", "unknown material");
            }
            designs.add(new Design(values, material));
        }
        DesignConstraints.Projection projection = constraints.project(plan, designs);
        List<DesignCheck> checks = new ArrayList<>();
        for (int i = 0; i < plan.sites().size(); i++) {
            List<AbutmentProposal.Adjustment> corrections = projection.adjustments().get(i).stream()
                    .filter(x -> !x.before().equals(x.after())).toList();
            List<String> infeasible = projection.infeasible().get(i);
            checks.add(new DesignCheck(plan.sites().get(i).tooth().number(),
                    corrections.isEmpty() && infeasible.isEmpty(), corrections, List.copyOf(infeasible)));
        }
        return checks;
    }

    private Abutment abutment(SitePlan site, Outcome outcome, int i) {
        AbutmentModel.SitePrediction prediction = outcome.predictions().get(i);
        Design design = outcome.projection().designs().get(i);
        Map<String, Estimate> parameters = new LinkedHashMap<>();
        for (DesignParameter p : DesignParameter.values()) {
            parameters.put(p.key(), estimate(prediction, design, p));
        }
        double cm = design.get(ANGULATION_CORRECTION_MESIAL);
        double cb = design.get(ANGULATION_CORRECTION_BUCCAL);
        double magnitude = Math.hypot(cm, cb);
        double spread = Math.hypot(half(prediction, ANGULATION_CORRECTION_MESIAL),
                half(prediction, ANGULATION_CORRECTION_BUCCAL));
        AngulationCorrection correction = new AngulationCorrection(new Estimate(round(magnitude, 2),
                round(Math.max(0, magnitude - spread), 2), round(magnitude + spread, 2), "deg"),
                azimuth(cm, cb, magnitude, spread), direction(cm, cb));
        MaterialChoice material = material(design.material, prediction.materialProbability(),
                site.instructions().material().isPresent());
        List<ExpertWeight> experts = new ArrayList<>();
        for (int e = 0; e < prediction.gate().length; e++) {
            experts.add(new ExpertWeight(e + 1, model.card().expertSpecialties().get(e), round(prediction.gate()[e], 3)));
        }
        List<String> infeasible = outcome.projection().infeasible().get(i);
        Double wall = infeasible.isEmpty()
                ? round(DesignConstraints.wallThickness(site, design), 3) : null;
        return new Abutment(site.tooth().number(), parameters, correction, material, experts,
                outcome.projection().adjustments().get(i), infeasible.isEmpty(), infeasible, wall);
    }

    private static Estimate estimate(AbutmentModel.SitePrediction prediction, Design design, DesignParameter p) {
        int j = p.ordinal();
        double value = design.get(p);
        // The interval moves with any projection of the value, so it stays centred where the proposal is.
        double shift = value - prediction.mean()[j];
        return new Estimate(round(value, 2), round(prediction.low()[j] + shift, 2),
                round(prediction.high()[j] + shift, 2), p.unit().symbol());
    }

    /**
     * The azimuth with the angular half-width that the components' interval allows: the direction of a tilt
     * whose interval radius reaches the origin is undetermined.
     */
    static Estimate azimuth(double mesial, double buccal, double magnitude, double spread) {
        double azimuth = (Math.toDegrees(Math.atan2(mesial, buccal)) + 360) % 360;
        double half = spread >= magnitude ? 180 : Math.toDegrees(Math.asin(spread / magnitude));
        return new Estimate(round(azimuth, 1), round(azimuth - half, 1), round(azimuth + half, 1), "deg");
    }

    static MaterialChoice material(AbutmentMaterial chosen, double[] probability, boolean requested) {
        AbutmentMaterial[] materials = AbutmentMaterial.values();
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (AbutmentMaterial m : materials) {
            probabilities.put(m.name(), round(probability[m.ordinal()], 3));
        }
        List<AbutmentMaterial> byProbability = new ArrayList<>(List.of(materials));
        byProbability.sort((a, b) -> Double.compare(probability[b.ordinal()], probability[a.ordinal()]));
        List<String> credible = new ArrayList<>();
        double mass = 0;
        for (AbutmentMaterial m : byProbability) {
            if (mass >= 0.95) {
                break;
            }
            credible.add(m.name());
            mass += probability[m.ordinal()];
        }
        return new MaterialChoice(chosen.name(), round(probability[chosen.ordinal()], 3), probabilities, credible,
                requested);
    }

    private static double half(AbutmentModel.SitePrediction prediction, DesignParameter p) {
        return prediction.high()[p.ordinal()] - prediction.mean()[p.ordinal()];
    }

    /** The direction the abutment axis is tilted towards, relative to the implant axis, in clinical words. */
    static String direction(double mesial, double buccal) {
        double magnitude = Math.hypot(mesial, buccal);
        if (magnitude < 0.5) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (Math.abs(buccal) >= 0.3 * magnitude) {
            parts.add(buccal > 0 ? "buccal" : "lingual");
        }
        if (Math.abs(mesial) >= 0.3 * magnitude) {
            parts.add(mesial > 0 ? "mesial" : "distal");
        }
        return String.join("-", parts);
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    static double round(double v, int digits) {
        double k = Math.pow(10, digits);
        return Math.round(v * k) / k;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AbutmentDesigner[%s, path tolerance %.1f deg]", modelVersion(),
                constraints.pathToleranceDeg());
    }
}
