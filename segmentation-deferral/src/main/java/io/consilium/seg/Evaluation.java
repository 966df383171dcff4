package io.consilium.seg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Evaluates a DeferredSeg model on annotated cases: the AI alone, the system after the experts fill the pixels
 * deferred to them (from their own masks), the random-expert baseline at the same deferral rate, calibration,
 * and the coverage–Dice curve over deferral budgets.
 */
public final class Evaluation {

    /** Budgets of the coverage–Dice curve. */
    public static final double[] CURVE_BUDGETS = {0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5};
    private static final int ECE_BINS = 15;

    private Evaluation() {
    }

    /**
     * @param controls the budget, availability and region controls of the headline figures (the curve varies
     *                 only the budget)
     * @param seed     seeds the random expert choice of the baseline
     */
    public static EvaluationReport evaluate(DeferredSegmentor model, SegmentationDataset data,
            InferenceControls controls, long seed, String modelName) {
        if (data.classes() != model.classes() || data.experts() != model.experts()) {
            throw new IllegalArgumentException("model routes " + model.classes() + " classes to " + model.experts()
                    + " experts, but dataset " + data.name() + " has " + data.classes() + " classes and "
                    + data.experts() + " experts");
        }
        List<float[][]> scores = new ArrayList<>(data.size());
        for (SegmentationCase c : data.cases()) {
            scores.add(model.scores(c.image(), c.box()));
        }
        Outcome headline = outcome(data, scores, controls, seed);
        List<EvaluationReport.CurvePoint> curve = new ArrayList<>();
        for (double budget : CURVE_BUDGETS) {
            Outcome at = outcome(data, scores, controls.withBudget(Math.min(budget, controls.deferralBudget())), seed);
            curve.add(new EvaluationReport.CurvePoint(budget, at.deferralRate, at.systemDice, at.randomDice));
        }
        double ece = calibrationError(data, scores);
        return new EvaluationReport(modelName, data.name(), data.size(), controls.deferralBudget(),
                headline.aiDice, headline.aiIou, headline.systemDice, headline.systemIou, headline.randomDice,
                headline.deferralRate, headline.expertShare, ece, List.copyOf(curve));
    }

    private record Outcome(double aiDice, double aiIou, double systemDice, double systemIou, double randomDice,
            double deferralRate, double[] expertShare) {
    }

    private static Outcome outcome(SegmentationDataset data, List<float[][]> scores, InferenceControls controls,
            long seed) {
        int classes = data.classes();
        int experts = data.experts();
        Random rng = new Random(seed);
        double aiDice = 0;
        double aiIou = 0;
        double systemDice = 0;
        double systemIou = 0;
        double randomDice = 0;
        long deferred = 0;
        long pixels = 0;
        long[] workload = new long[experts];
        List<Integer> available = new ArrayList<>();
        for (int k = 1; k <= experts; k++) {
            if (controls.available(k)) {
                available.add(k);
            }
        }
        for (int i = 0; i < data.size(); i++) {
            SegmentationCase c = data.cases().get(i);
            int w = c.image().width();
            int h = c.image().height();
            RoutedImage routed = Routing.route(scores.get(i), classes, w, h, controls);
            byte[] ai = new byte[w * h];
            byte[] system = new byte[w * h];
            int caseDeferred = 0;
            for (int p = 0; p < w * h; p++) {
                int owner = routed.deferralMap().ownerAt(p % w, p / w);
                ai[p] = (byte) routed.aiClassAt(p % w, p / w);
                system[p] = owner == 0 ? ai[p] : c.expertMasks().get(owner - 1)[p];
                if (owner != 0) {
                    caseDeferred++;
                    workload[owner - 1]++;
                }
            }
            byte[] random = randomDeferral(scores.get(i), classes, ai, c, caseDeferred, available, rng);
            double[] aiOverlap = overlap(ai, c.reference(), classes);
            double[] systemOverlap = overlap(system, c.reference(), classes);
            aiDice += aiOverlap[0];
            aiIou += aiOverlap[1];
            systemDice += systemOverlap[0];
            systemIou += systemOverlap[1];
            randomDice += overlap(random, c.reference(), classes)[0];
            deferred += caseDeferred;
            pixels += (long) w * h;
        }
        int n = data.size();
        double[] share = new double[experts];
        for (int k = 0; k < experts; k++) {
            share[k] = deferred == 0 ? 0 : (double) workload[k] / deferred;
        }
        return new Outcome(aiDice / n, aiIou / n, systemDice / n, systemIou / n, randomDice / n,
                (double) deferred / pixels, share);
    }

    /** The AI's least confident pixels, as many as the router deferred, each filled by a random expert. */
    private static byte[] randomDeferral(float[][] scores, int classes, byte[] ai, SegmentationCase c, int count,
            List<Integer> available, Random rng) {
        byte[] result = ai.clone();
        if (count == 0 || available.isEmpty()) {
            return result;
        }
        int n = ai.length;
        long[] keyed = new long[n];
        for (int p = 0; p < n; p++) {
            float confidence = classConfidence(scores, classes, p)[1];
            keyed[p] = ((long) Float.floatToIntBits(confidence) << 32) | p;
        }
        Arrays.sort(keyed);
        for (int i = 0; i < count; i++) {
            int p = (int) keyed[i];
            int expert = available.get(rng.nextInt(available.size()));
            result[p] = c.expertMasks().get(expert - 1)[p];
        }
        return result;
    }

    /** {argmax class, its probability} under a softmax over the class channels only. */
    static float[] classConfidence(float[][] scores, int classes, int p) {
        float max = Float.NEGATIVE_INFINITY;
        int best = 0;
        for (int c = 0; c < classes; c++) {
            if (scores[c][p] > max) {
                max = scores[c][p];
                best = c;
            }
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(scores[c][p] - max);
        }
        return new float[] {best, (float) (1 / sum)};
    }

    private static double calibrationError(SegmentationDataset data, List<float[][]> scores) {
        double[] confidenceSum = new double[ECE_BINS];
        double[] correctSum = new double[ECE_BINS];
        long[] count = new long[ECE_BINS];
        long total = 0;
        for (int i = 0; i < data.size(); i++) {
            byte[] reference = data.cases().get(i).reference();
            for (int p = 0; p < reference.length; p++) {
                float[] cc = classConfidence(scores.get(i), data.classes(), p);
                int bin = Math.min(ECE_BINS - 1, (int) (cc[1] * ECE_BINS));
                confidenceSum[bin] += cc[1];
                correctSum[bin] += (int) cc[0] == reference[p] ? 1 : 0;
                count[bin]++;
                total++;
            }
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs(correctSum[b] - confidenceSum[b]) / total;
            }
        }
        return ece;
    }

    /** {mean Dice, mean IoU} over the foreground classes; a class absent from both masks counts as perfect. */
    static double[] overlap(byte[] predicted, byte[] reference, int classes) {
        double dice = 0;
        double iou = 0;
        for (int cls = 1; cls < classes; cls++) {
            long both = 0;
            long p = 0;
            long r = 0;
            for (int i = 0; i < reference.length; i++) {
                boolean inP = predicted[i] == cls;
                boolean inR = reference[i] == cls;
                if (inP) {
                    p++;
                }
                if (inR) {
                    r++;
                }
                if (inP && inR) {
                    both++;
                }
            }
            dice += p + r == 0 ? 1 : 2.0 * both / (p + r);
            iou += p + r - both == 0 ? 1 : (double) both / (p + r - both);
        }
        return new double[] {dice / (classes - 1), iou / (classes - 1)};
    }
}
