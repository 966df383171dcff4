package io.consilium.abutment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the designer on labelled cases against the reference designs: MAE per parameter, share within the
 * clinical tolerance (0.2 mm / 2 degrees), constraint violations of the raw network output and after projection,
 * interval coverage, material accuracy, how cleanly the experts divide the technician styles
 * ({@link ExpertSpecialisation}), and the two ablations (no text; one expert instead of the mixture), each measured
 * on the same cases after the same projection.
 */
public final class AbutmentEvaluation {

    public record Report(
            int cases,
            int sites,
            String model,
            Map<String, Double> mae,
            @JsonProperty("within_tolerance") double withinTolerance,
            @JsonProperty("within_tolerance_by_parameter") Map<String, Double> withinToleranceByParameter,
            @JsonProperty("violations_before") int violationsBefore,
            @JsonProperty("violations_before_by_constraint") Map<Constraint, Integer> violationsBeforeByConstraint,
            @JsonProperty("violations_after") int violationsAfter,
            @JsonProperty("infeasible_sites_flagged") int infeasibleSitesFlagged,
            @JsonProperty("material_accuracy") double materialAccuracy,
            @JsonProperty("interval_coverage") double intervalCoverage,
            @JsonProperty("ablation_no_text_mae") Map<String, Double> ablationNoTextMae,
            @JsonProperty("ablation_single_expert_mae") Map<String, Double> ablationSingleExpertMae,
            @JsonProperty("ablation_no_text_within_tolerance") double ablationNoTextWithinTolerance,
            @JsonProperty("ablation_single_expert_within_tolerance") double ablationSingleExpertWithinTolerance,
            Map<String, Double> summary,
            @JsonProperty("expert_weight_by_style") Map<String, List<Double>> expertWeightByStyle,
            @JsonProperty("expert_specialisation") ExpertSpecialisation expertSpecialisation) {
    }

    private record Scores(Map<String, Double> mae, Map<String, Double> within, double withinAll, double meanMm,
            double meanDeg, double textMeanMm, double textMeanDeg, int violationsBefore,
            Map<Constraint, Integer> byConstraint, int violationsAfter, int infeasible, double materialAccuracy,
            double coverage, Map<String, List<Double>> expertByStyle, ExpertSpecialisation specialisation) {
    }

    private AbutmentEvaluation() {
    }

    public static Report evaluate(List<SyntheticCases.LabelledCase> cases, AbutmentDesigner full,
            AbutmentDesigner noText, AbutmentDesigner singleExpert) {
        TrainingSet set = TrainingSet.of(cases);
        Scores f = score(set, full);
        Scores t = score(set, noText);
        Scores s = score(set, singleExpert);
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("mae_mean_mm", f.meanMm());
        summary.put("mae_mean_deg", f.meanDeg());
        summary.put("ablation_no_text_mae_mean_mm", t.meanMm());
        summary.put("ablation_no_text_mae_mean_deg", t.meanDeg());
        summary.put("ablation_single_expert_mae_mean_mm", s.meanMm());
        summary.put("ablation_single_expert_mae_mean_deg", s.meanDeg());
        summary.put("sites_with_instructions_mae_mean_mm", f.textMeanMm());
        summary.put("sites_with_instructions_mae_mean_deg", f.textMeanDeg());
        summary.put("ablation_no_text_sites_with_instructions_mae_mean_mm", t.textMeanMm());
        summary.put("ablation_no_text_sites_with_instructions_mae_mean_deg", t.textMeanDeg());
        return new Report(set.plans.size(), set.size(), full.modelVersion(), f.mae(), f.withinAll(), f.within(),
                f.violationsBefore(), f.byConstraint(), f.violationsAfter(), f.infeasible(), f.materialAccuracy(),
                f.coverage(), t.mae(), s.mae(), t.withinAll(), s.withinAll(), summary, f.expertByStyle(),
                f.specialisation());
    }

    private static Scores score(TrainingSet set, AbutmentDesigner designer) {
        int p = DesignParameter.COUNT;
        double[] absolute = new double[p];
        int[] within = new int[p];
        double textMm = 0;
        double textDeg = 0;
        int textSites = 0;
        int before = 0;
        int after = 0;
        int infeasible = 0;
        int materialHits = 0;
        int covered = 0;
        Map<Constraint, Integer> byConstraint = new LinkedHashMap<>();
        List<String> siteStyles = new ArrayList<>();
        List<double[]> gates = new ArrayList<>();
        int sites = 0;
        for (int c = 0; c < set.plans.size(); c++) {
            CasePlan plan = set.plans.get(c);
            AbutmentDesigner.Outcome outcome = designer.design(plan);
            var rawViolations = designer.constraints().violations(plan, outcome.raw());
            before += rawViolations.size();
            DesignConstraints.count(rawViolations).forEach((k, v) -> byConstraint.merge(k, v, Integer::sum));
            var finalViolations = designer.constraints().violations(plan, outcome.projection().designs());
            for (int i = 0; i < plan.sites().size(); i++) {
                int tooth = plan.sites().get(i).tooth().number();
                boolean flagged = !outcome.projection().infeasible().get(i).isEmpty();
                long silent = finalViolations.stream().filter(v -> v.tooth() == tooth).count();
                if (flagged) {
                    infeasible++;
                } else {
                    after += (int) silent;
                }
                Design proposed = outcome.projection().designs().get(i);
                Design reference = set.references.get(c).get(i);
                AbutmentModel.SitePrediction prediction = outcome.predictions().get(i);
                double siteMm = 0;
                double siteDeg = 0;
                for (DesignParameter d : DesignParameter.values()) {
                    int j = d.ordinal();
                    double error = Math.abs(proposed.values[j] - reference.values[j]);
                    absolute[j] += error;
                    if (error <= d.unit().tolerance()) {
                        within[j]++;
                    }
                    double shift = proposed.values[j] - prediction.mean()[j];
                    if (reference.values[j] >= prediction.low()[j] + shift
                            && reference.values[j] <= prediction.high()[j] + shift) {
                        covered++;
                    }
                    if (d.unit() == DesignParameter.Unit.MM) {
                        siteMm += error;
                    } else {
                        siteDeg += error;
                    }
                }
                if (!plan.sites().get(i).instructions().tokens().isEmpty()) {
                    textMm += siteMm;
                    textDeg += siteDeg;
                    textSites++;
                }
                if (proposed.material == reference.material) {
                    materialHits++;
                }
                siteStyles.add(set.styles.get(c).get(i));
                gates.add(prediction.gate());
                sites++;
            }
        }
        Map<String, Double> mae = new LinkedHashMap<>();
        Map<String, Double> withinMap = new LinkedHashMap<>();
        int withinAll = 0;
        double meanMm = 0;
        double meanDeg = 0;
        int mmCount = 0;
        int degCount = 0;
        for (DesignParameter d : DesignParameter.values()) {
            double m = absolute[d.ordinal()] / sites;
            mae.put(d.key(), round(m));
            withinMap.put(d.key(), round((double) within[d.ordinal()] / sites));
            withinAll += within[d.ordinal()];
            if (d.unit() == DesignParameter.Unit.MM) {
                meanMm += m;
                mmCount++;
            } else {
                meanDeg += m;
                degCount++;
            }
        }
        Map<String, List<Double>> byStyle = new LinkedHashMap<>();
        ExpertSpecialisation.meanGateWeights(siteStyles, gates).forEach((style, means) ->
                byStyle.put(style, Arrays.stream(means).map(AbutmentEvaluation::round).boxed().toList()));
        return new Scores(mae, withinMap, round((double) withinAll / (sites * p)), round(meanMm / mmCount),
                round(meanDeg / degCount), round(textMm / Math.max(1, textSites) / mmCount),
                round(textDeg / Math.max(1, textSites) / degCount), before, byConstraint, after, infeasible,
                round((double) materialHits / sites), round((double) covered / (sites * p)), byStyle,
                ExpertSpecialisation.of(siteStyles, gates));
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
