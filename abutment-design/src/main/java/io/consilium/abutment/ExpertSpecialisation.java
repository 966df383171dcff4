package io.consilium.abutment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How cleanly the experts of a mixture divide the technician styles among themselves, measured on labelled sites:
 * per style the expert that carries most of its gate weight (with that mean weight and the share of the style's sites
 * on which it has the largest weight), and the mutual information between a site's style and its top expert, in bits
 * and as a share of the style entropy (1: every style has an expert of its own; 0: the gate ignores the style).
 */
public record ExpertSpecialisation(
        @JsonProperty("dominant_expert_by_style") Map<String, DominantExpert> dominantExpertByStyle,
        @JsonProperty("mutual_information_bits") double mutualInformationBits,
        @JsonProperty("style_entropy_bits") double styleEntropyBits,
        @JsonProperty("normalised_mutual_information") double normalisedMutualInformation) {

    /** The expert (numbered from 1, as in proposals) with the highest mean gate weight on a style's sites. */
    public record DominantExpert(int expert, @JsonProperty("mean_gate_weight") double meanGateWeight,
            @JsonProperty("top_expert_share") double topExpertShare) {
    }

    /** {@code styles.get(i)} is the reference style of site i and {@code gates.get(i)} its gate weights. */
    static ExpertSpecialisation of(List<String> styles, List<double[]> gates) {
        if (styles.size() != gates.size() || styles.isEmpty()) {
            throw new IllegalArgumentException("need one gate vector per labelled site, got " + styles.size()
                    + " styles and " + gates.size() + " gates");
        }
        int k = gates.get(0).length;
        Map<String, double[]> meanWeights = meanGateWeights(styles, gates);
        Map<String, int[]> topCounts = new TreeMap<>();
        for (int i = 0; i < styles.size(); i++) {
            double[] gate = gates.get(i);
            int top = 0;
            for (int e = 1; e < k; e++) {
                if (gate[e] > gate[top]) {
                    top = e;
                }
            }
            topCounts.computeIfAbsent(styles.get(i), s -> new int[k])[top]++;
        }
        int n = styles.size();
        int[] topTotals = new int[k];
        topCounts.values().forEach(c -> {
            for (int e = 0; e < k; e++) {
                topTotals[e] += c[e];
            }
        });
        Map<String, DominantExpert> dominant = new LinkedHashMap<>();
        double information = 0;
        double entropy = 0;
        for (Map.Entry<String, int[]> entry : topCounts.entrySet()) {
            int[] counts = entry.getValue();
            int sites = 0;
            for (int c : counts) {
                sites += c;
            }
            double pStyle = (double) sites / n;
            entropy -= pStyle * log2(pStyle);
            for (int e = 0; e < k; e++) {
                if (counts[e] > 0) {
                    double joint = (double) counts[e] / n;
                    information += joint * log2(joint / (pStyle * topTotals[e] / n));
                }
            }
            double[] means = meanWeights.get(entry.getKey());
            int best = 0;
            for (int e = 1; e < k; e++) {
                if (means[e] > means[best]) {
                    best = e;
                }
            }
            dominant.put(entry.getKey(), new DominantExpert(best + 1, round(means[best]),
                    round((double) counts[best] / sites)));
        }
        information = Math.max(0, information);
        return new ExpertSpecialisation(dominant, round(information), round(entropy),
                entropy > 0 ? round(information / entropy) : 0);
    }

    /** Each style's mean gate weight per expert, styles in the order they first appear. */
    static Map<String, double[]> meanGateWeights(List<String> styles, List<double[]> gates) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> sites = new LinkedHashMap<>();
        for (int i = 0; i < styles.size(); i++) {
            double[] gate = gates.get(i);
            double[] sum = sums.computeIfAbsent(styles.get(i), s -> new double[gate.length]);
            for (int e = 0; e < gate.length; e++) {
                sum[e] += gate[e];
            }
            sites.merge(styles.get(i), 1, Integer::sum);
        }
        sums.forEach((style, sum) -> {
            for (int e = 0; e < sum.length; e++) {
                sum[e] /= sites.get(style);
            }
        });
        return sums;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
