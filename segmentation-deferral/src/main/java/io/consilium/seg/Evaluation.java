package io.consilium.seg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Evaluates a DeferredSeg model on annotated cases: the AI alone; the system after the experts fill the pixels
 * deferred to them (from their own masks); two baselines that give the same number of pixels per case to the
 * experts, the AI's least confident ones and pixels drawn uniformly inside the box; the experts alone;
 * calibration; the coverage–Dice curve over deferral budgets; and bootstrap intervals that resample images.
 * Dice is the mean of per-case Dice; a case whose prediction and reference are both empty counts as perfect.
 */
public final class Evaluation {

    /** Budgets of the coverage–Dice curve. */
    public static final double[] CURVE_BUDGETS = {0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5};
    private static final int ECE_BINS = 15;
    private static final int BOOTSTRAP_SAMPLES = 1000;

    private Evaluation() {
    }

    /** Evaluates on plain cases (a dataset directory or phantoms): every case its own image, nothing skipped. */
    public static EvaluationReport evaluate(DeferredSegmentor model, SegmentationDataset data,
            InferenceControls controls, long seed, String modelName) {
        int[] groups = new int[data.size()];
        Arrays.setAll(groups, i -> i);
        return evaluate(model, new RealReaderProtocol.ReaderSet(data.name(), null, data, groups, data.size(), 0),
                controls, seed, modelName);
    }

    /**
     * @param controls the budget, availability and region controls of the headline figures (the curve varies
     *                 only the budget)
     * @param seed     seeds the random choices of the baselines and the bootstrap
     */
    public static EvaluationReport evaluate(DeferredSegmentor model, RealReaderProtocol.ReaderSet set,
            InferenceControls controls, long seed, String modelName) {
        SegmentationDataset data = set.cases();
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
            curve.add(new EvaluationReport.CurvePoint(budget, at.deferralRate(), at.mean(CaseOutcome::system),
                    at.mean(CaseOutcome::confidence), at.mean(CaseOutcome::random)));
        }
        double[] readers = new double[data.experts()];
        for (int k = 0; k < readers.length; k++) {
            int expert = k;
            readers[k] = headline.mean(c -> c.reader()[expert]);
        }
        Random rng = new Random(seed ^ 0x5DEECE66DL);
        return new EvaluationReport(modelName, set.dataset(), set.fold(), set.groups(), data.size(), set.skippedPairs(),
                controls.deferralBudget(), headline.mean(CaseOutcome::ai), headline.mean(CaseOutcome::aiIou),
                headline.mean(CaseOutcome::system), headline.mean(CaseOutcome::systemIou),
                headline.mean(CaseOutcome::confidence), headline.mean(CaseOutcome::random),
                Arrays.stream(readers).average().orElse(Double.NaN), readers, headline.deferralRate(),
                headline.boxDeferralRate(), headline.expertShare(), calibrationError(data, scores),
                bootstrap(headline, set, c -> c.ai(), rng), bootstrap(headline, set, c -> c.system(), rng),
                bootstrap(headline, set, c -> c.system() - c.ai(), rng), List.copyOf(curve));
    }

    /** What one case gave at one setting of the controls. */
    record CaseOutcome(double ai, double aiIou, double system, double systemIou, double confidence, double random,
            double[] reader, int deferred, int deferredInBox, int boxPixels, int pixels, long[] workload) {
    }

    private record Outcome(List<CaseOutcome> cases) {

        double mean(java.util.function.ToDoubleFunction<CaseOutcome> value) {
            return cases.stream().mapToDouble(value).average().orElse(Double.NaN);
        }

        double deferralRate() {
            long deferred = cases.stream().mapToLong(CaseOutcome::deferred).sum();
            long pixels = cases.stream().mapToLong(CaseOutcome::pixels).sum();
            return (double) deferred / pixels;
        }

        double boxDeferralRate() {
            long deferred = cases.stream().mapToLong(CaseOutcome::deferredInBox).sum();
            long pixels = cases.stream().mapToLong(CaseOutcome::boxPixels).sum();
            return (double) deferred / pixels;
        }

        double[] expertShare() {
            int experts = cases.get(0).workload().length;
            double[] share = new double[experts];
            long deferred = cases.stream().mapToLong(CaseOutcome::deferred).sum();
            for (int k = 0; k < experts; k++) {
                int expert = k;
                long work = cases.stream().mapToLong(c -> c.workload()[expert]).sum();
                share[k] = deferred == 0 ? 0 : (double) work / deferred;
            }
            return share;
        }
    }

    private static Outcome outcome(SegmentationDataset data, List<float[][]> scores, InferenceControls controls,
            long seed) {
        List<Integer> available = new ArrayList<>();
        for (int k = 1; k <= data.experts(); k++) {
            if (controls.available(k)) {
                available.add(k);
            }
        }
        Random rng = new Random(seed);
        List<CaseOutcome> cases = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            cases.add(caseOutcome(data.cases().get(i), scores.get(i), data.classes(), controls, available, rng));
        }
        return new Outcome(cases);
    }

    static CaseOutcome caseOutcome(SegmentationCase c, float[][] scores, int classes, InferenceControls controls,
            List<Integer> available, Random rng) {
        int w = c.image().width();
        int h = c.image().height();
        int n = w * h;
        RoutedImage routed = Routing.route(scores, classes, w, h, controls);
        byte[] ai = new byte[n];
        byte[] system = new byte[n];
        long[] workload = new long[c.experts()];
        int deferred = 0;
        int deferredInBox = 0;
        for (int p = 0; p < n; p++) {
            int owner = routed.deferralMap().ownerAt(p % w, p / w);
            ai[p] = (byte) routed.aiClassAt(p % w, p / w);
            system[p] = owner == 0 ? ai[p] : c.expertMasks().get(owner - 1)[p];
            if (owner != 0) {
                deferred++;
                workload[owner - 1]++;
                if (c.box().contains(p % w, p / w)) {
                    deferredInBox++;
                }
            }
        }
        byte[] confident = confidenceDeferral(scores, classes, ai, c, deferred, available, rng);
        byte[] random = randomDeferral(ai, c, deferred, available, rng);
        double[] reader = new double[c.experts()];
        for (int k = 0; k < reader.length; k++) {
            reader[k] = overlap(c.expertMasks().get(k), c.reference(), classes)[0];
        }
        double[] aiOverlap = overlap(ai, c.reference(), classes);
        double[] systemOverlap = overlap(system, c.reference(), classes);
        return new CaseOutcome(aiOverlap[0], aiOverlap[1], systemOverlap[0], systemOverlap[1],
                overlap(confident, c.reference(), classes)[0], overlap(random, c.reference(), classes)[0], reader,
                deferred, deferredInBox, c.box().area(), n, workload);
    }

    /** The AI's least confident pixels, as many as the router deferred, each given to an available expert. */
    private static byte[] confidenceDeferral(float[][] scores, int classes, byte[] ai, SegmentationCase c, int count,
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
            result[p] = c.expertMasks().get(pick(available, rng) - 1)[p];
        }
        return result;
    }

    /** As many pixels as the router deferred, drawn uniformly inside the box (all of it at most). */
    private static byte[] randomDeferral(byte[] ai, SegmentationCase c, int count, List<Integer> available,
            Random rng) {
        byte[] result = ai.clone();
        if (count == 0 || available.isEmpty()) {
            return result;
        }
        int w = c.image().width();
        BoxPrompt box = c.box();
        int[] inside = new int[box.area()];
        int i = 0;
        for (int y = box.y0(); y < box.y1(); y++) {
            for (int x = box.x0(); x < box.x1(); x++) {
                inside[i++] = y * w + x;
            }
        }
        int take = Math.min(count, inside.length);
        for (int j = 0; j < take; j++) {
            int swap = j + rng.nextInt(inside.length - j);
            int p = inside[swap];
            inside[swap] = inside[j];
            inside[j] = p;
            result[p] = c.expertMasks().get(pick(available, rng) - 1)[p];
        }
        return result;
    }

    private static int pick(List<Integer> available, Random rng) {
        return available.size() == 1 ? available.get(0) : available.get(rng.nextInt(available.size()));
    }

    /** 95 % percentile interval of a per-case figure's mean, resampling images (all pairs of an image together). */
    private static double[] bootstrap(Outcome outcome, RealReaderProtocol.ReaderSet set,
            java.util.function.ToDoubleFunction<CaseOutcome> value, Random rng) {
        int groups = set.groups();
        double[] sum = new double[groups];
        int[] count = new int[groups];
        for (int i = 0; i < outcome.cases().size(); i++) {
            sum[set.group()[i]] += value.applyAsDouble(outcome.cases().get(i));
            count[set.group()[i]]++;
        }
        double[] means = new double[BOOTSTRAP_SAMPLES];
        for (int b = 0; b < BOOTSTRAP_SAMPLES; b++) {
            double s = 0;
            long n = 0;
            for (int g = 0; g < groups; g++) {
                int drawn = rng.nextInt(groups);
                s += sum[drawn];
                n += count[drawn];
            }
            means[b] = s / n;
        }
        Arrays.sort(means);
        return new double[] {means[(int) (0.025 * BOOTSTRAP_SAMPLES)], means[(int) (0.975 * BOOTSTRAP_SAMPLES) - 1]};
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
        long total = 0;
        for (int i = 0; i < data.size(); i++) {
            byte[] reference = data.cases().get(i).reference();
            for (int p = 0; p < reference.length; p++) {
                float[] cc = classConfidence(scores.get(i), data.classes(), p);
                int bin = Math.min(ECE_BINS - 1, (int) (cc[1] * ECE_BINS));
                confidenceSum[bin] += cc[1];
                correctSum[bin] += (int) cc[0] == reference[p] ? 1 : 0;
                total++;
            }
        }
        double ece = 0;
        for (int b = 0; b < ECE_BINS; b++) {
            ece += Math.abs(correctSum[b] - confidenceSum[b]) / total;
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
