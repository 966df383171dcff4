package io.consilium.abutment;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains the abutment network on synthetic cases: mixture-density loss over the experts (each expert a Gaussian per
 * parameter, weighted by the gate), a competitive squared error, cross-entropy for the material, a load-balancing
 * term, a style-guided warm-up of the gate and then a per-site entropy penalty, so that each expert owns one
 * technician style (see {@link #loss}). Afterwards the 95 % intervals are calibrated on held-out cases and each expert
 * is labelled with the technician style it carries most of. Deterministic for a given seed.
 */
public final class AbutmentTraining {

    /** The three variants the evaluation compares: the full model and its two ablations. */
    public enum Variant {
        // A mixture has one expert per technician style, so that the style-guided warm-up can assign them.
        FULL("full", TechnicianStyle.values().length, true), NO_TEXT("no-text", TechnicianStyle.values().length, false),
        SINGLE_EXPERT("single-expert", 1, true);

        final String id;
        final int experts;
        final boolean usesText;

        Variant(String id, int experts, boolean usesText) {
            this.id = id;
            this.experts = experts;
            this.usesText = usesText;
        }

        public String id() {
            return id;
        }
    }

    public record Options(long seed, int cases, int epochs, int batchSize, double learningRate) {

        public static final long DEFAULT_SEED = 42;

        public static Options defaults() {
            return new Options(DEFAULT_SEED, 2500, 40, 64, 3e-3);
        }

        public Options {
            if (cases < 10 || epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("training needs at least 10 cases, 1 epoch, batch size >= 1 and a "
                        + "positive learning rate");
            }
        }

        String command(Variant variant) {
            return String.format(Locale.ROOT, "./consilium abutment train --variant %s --seed %d --cases %d "
                    + "--epochs %d --batch-size %d --learning-rate %s", variant.id, seed, cases, epochs, batchSize,
                    learningRate);
        }
    }

    /** Called after every step, so a command line can draw a progress bar. */
    @FunctionalInterface
    public interface Progress {
        void step(String variant, int epoch, int epochs, int step, int steps, double loss, double elapsedSeconds);
    }

    public record Result(String variant, Path directory, double finalLoss, double seconds, int sites) {
    }

    static final int EMBEDDING = 16;
    static final int HIDDEN = 64;
    /** Share of training with the style-guided gate warm-up, then how long the entropy penalty takes to ramp in. */
    static final double STYLE_WARM_UP = 0.5;
    static final double ENTROPY_RAMP = 0.2;
    static final double ENTROPY_WEIGHT = 0.1;

    private AbutmentTraining() {
    }

    public static Result train(Variant variant, Options options, Path outDirectory, Progress progress) {
        long start = System.nanoTime();
        List<SyntheticCases.LabelledCase> all = SyntheticCases.generate(options.seed(), options.cases());
        int validationCases = Math.max(5, options.cases() / 10);
        TrainingSet train = TrainingSet.of(all.subList(validationCases, all.size()));
        TrainingSet validation = TrainingSet.of(all.subList(0, validationCases));

        List<String> vocabulary = variant.usesText ? Tokenizer.vocabulary(train.tokens, 3) : List.of();
        int p = DesignParameter.COUNT;
        double[] mean = new double[p];
        double[] std = new double[p];
        for (double[] t : train.targets) {
            for (int j = 0; j < p; j++) {
                mean[j] += t[j] / train.size();
            }
        }
        for (double[] t : train.targets) {
            for (int j = 0; j < p; j++) {
                std[j] += (t[j] - mean[j]) * (t[j] - mean[j]) / train.size();
            }
        }
        for (int j = 0; j < p; j++) {
            std[j] = Math.max(0.05, Math.sqrt(std[j]));
        }
        double[] ones = new double[p];
        Arrays.fill(ones, 1.0);
        List<String> placeholder = new ArrayList<>();
        for (int e = 0; e < variant.experts; e++) {
            placeholder.add("expert " + (e + 1));
        }
        ModelCard draft = new ModelCard("abutment-moe", variant.id, variant.experts, EMBEDDING, HIDDEN,
                variant.usesText, vocabulary, mean, std, ones, placeholder, null);

        Engine engine = PyTorch.require();
        engine.setRandomSeed((int) options.seed());
        AbutmentNetwork network = AbutmentModel.network(draft);
        double finalLoss;
        try (Model model = Model.newInstance("abutment-" + variant.id, "PyTorch")) {
            model.setBlock(network);
            int totalSteps = options.epochs() * ((train.size() + options.batchSize() - 1) / options.batchSize());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.cosine()
                            .setBaseValue((float) options.learningRate())
                            .optFinalValue((float) options.learningRate() / 20).setMaxUpdates(totalSteps).build())
                            .build());
            try (Trainer trainer = model.newTrainer(config)) {
                AbutmentModel view = new AbutmentModel(draft, trainer.getManager(), network);
                int width = view.bagWidth();
                trainer.initialize(new Shape(options.batchSize(), SiteFeatures.COUNT),
                        new Shape(options.batchSize(), width));
                float[][] bags = new float[train.size()][];
                for (int i = 0; i < train.size(); i++) {
                    bags[i] = view.bag(train.tokens.get(i), null);
                }
                finalLoss = loop(trainer, train, bags, width, draft, options, variant, progress, start);
                ModelCard calibrated = calibrate(draft, view, validation, options, variant, finalLoss,
                        train.size(), (System.nanoTime() - start) / 1e9);
                AbutmentModel.save(outDirectory, calibrated, network);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trained model to " + outDirectory, e);
        }
        return new Result(variant.id, outDirectory, finalLoss, (System.nanoTime() - start) / 1e9, train.size());
    }

    private static double loop(Trainer trainer, TrainingSet train, float[][] bags, int width, ModelCard card,
            Options options, Variant variant, Progress progress, long start) {
        int n = train.size();
        int p = DesignParameter.COUNT;
        int steps = (n + options.batchSize() - 1) / options.batchSize();
        Random shuffle = new Random(options.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double epochLoss = Double.NaN;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            for (int step = 0; step < steps; step++) {
                int from = step * options.batchSize();
                int b = Math.min(options.batchSize(), n - from);
                float[] x = new float[b * SiteFeatures.COUNT];
                float[] bag = new float[b * width];
                float[] y = new float[b * p];
                float[] material = new float[b * AbutmentMaterial.values().length];
                float[] style = new float[b * variant.experts];
                for (int r = 0; r < b; r++) {
                    int i = order[from + r];
                    System.arraycopy(train.features.get(i), 0, x, r * SiteFeatures.COUNT, SiteFeatures.COUNT);
                    System.arraycopy(bags[i], 0, bag, r * width, width);
                    double[] target = train.targets.get(i);
                    for (int j = 0; j < p; j++) {
                        y[r * p + j] = (float) ((target[j] - card.targetMean()[j]) / card.targetStd()[j]);
                    }
                    material[r * AbutmentMaterial.values().length + train.materials.get(i)] = 1;
                    if (variant.experts > 1) {
                        style[r * variant.experts + TechnicianStyle.valueOf(train.siteStyles.get(i)).ordinal()] = 1;
                    }
                }
                try (NDManager batch = trainer.getManager().newSubManager()) {
                    double loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(batch.create(x, new Shape(b, SiteFeatures.COUNT)),
                                batch.create(bag, new Shape(b, width))));
                        double progressFraction = ((epoch - 1) * steps + step) / (double) (options.epochs() * steps);
                        NDArray value = loss(out, batch.create(y, new Shape(b, p)),
                                batch.create(material, new Shape(b, AbutmentMaterial.values().length)),
                                batch.create(style, new Shape(b, variant.experts)), variant.experts,
                                progressFraction);
                        loss = value.getFloat();
                        collector.backward(value);
                    }
                    trainer.step();
                    sum += loss;
                    if (progress != null) {
                        progress.step(variant.id, epoch, options.epochs(), step + 1, steps, sum / (step + 1),
                                (System.nanoTime() - start) / 1e9);
                    }
                }
            }
            epochLoss = sum / steps;
        }
        return epochLoss;
    }

    /**
     * Mixture-density NLL per parameter + competitive squared error (each expert judged on its own mean, weighted by
     * its gate weight, so experts compete for sites instead of averaging into one answer) + material cross-entropy,
     * and for a mixture: a balance term on the batch's expert usage; during the first half of training a style-guided
     * warm-up (the gate's cross-entropy with the technician style recorded with each reference design, expert k for
     * style k); afterwards the gate trains freely, with a per-site entropy penalty ramped in so that each site is
     * designed by one expert whose gate weight explains it.
     */
    static NDArray loss(NDList out, NDArray y, NDArray materialOneHot, NDArray styleOneHot, int experts,
            double progress) {
        NDArray logGate = out.get(0).logSoftmax(1);
        NDArray mu = out.get(1);
        NDArray logVar = out.get(2);
        NDArray diff = y.expandDims(1).sub(mu);
        NDArray logLikelihood = diff.square().mul(logVar.neg().exp()).add(logVar).sum(new int[] {2}).mul(-0.5f);
        NDArray joint = logLikelihood.add(logGate);
        NDArray max = joint.max(new int[] {1}, true).stopGradient();
        NDArray logSum = joint.sub(max).exp().sum(new int[] {1}, true).log().add(max);
        NDArray nll = logSum.neg().mean().div((float) DesignParameter.COUNT);
        NDArray materialLoss = out.get(3).logSoftmax(1).mul(materialOneHot).sum(new int[] {1}).neg().mean();
        NDArray gate = logGate.exp();
        NDArray competitive = diff.square().mean(new int[] {2}).mul(gate).sum(new int[] {1}).mean();
        NDArray loss = nll.add(competitive).add(materialLoss.mul(0.5f));
        if (experts > 1) {
            NDArray usage = gate.mean(new int[] {0});
            NDArray balance = usage.mul(usage.add(1e-6f).log().add((float) Math.log(experts))).sum();
            loss = loss.add(balance.mul(0.1f));
            if (progress < STYLE_WARM_UP) {
                loss = loss.add(logGate.mul(styleOneHot).sum(new int[] {1}).neg().mean());
            }
            double ramp = Math.min(1, Math.max(0, (progress - STYLE_WARM_UP) / ENTROPY_RAMP));
            if (ramp > 0) {
                NDArray entropy = gate.mul(logGate).sum(new int[] {1}).neg().mean();
                loss = loss.add(entropy.mul((float) (ENTROPY_WEIGHT * ramp)));
            }
        }
        return loss;
    }

    /**
     * Scales each parameter's interval so that 95 % of held-out reference values fall inside it, and names each
     * expert after the technician style that carries most of its gate weight.
     */
    private static ModelCard calibrate(ModelCard draft, AbutmentModel view, TrainingSet validation, Options options,
            Variant variant, double finalLoss, int sites, double seconds) {
        int p = DesignParameter.COUNT;
        List<List<Double>> ratios = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            ratios.add(new ArrayList<>());
        }
        int k = variant.experts;
        TechnicianStyle[] styles = TechnicianStyle.values();
        double[][] weightByStyle = new double[k][styles.length];
        int[] sitesByStyle = new int[styles.length];
        for (int c = 0; c < validation.plans.size(); c++) {
            CasePlan plan = validation.plans.get(c);
            List<AbutmentModel.SitePrediction> predictions = view.predict(plan, null);
            for (int i = 0; i < predictions.size(); i++) {
                AbutmentModel.SitePrediction pr = predictions.get(i);
                double[] truth = validation.references.get(c).get(i).values;
                for (int j = 0; j < p; j++) {
                    double half = Math.max(1e-6, pr.high()[j] - pr.mean()[j]);
                    ratios.get(j).add(Math.abs(truth[j] - pr.mean()[j]) / half);
                }
                int style = TechnicianStyle.valueOf(validation.styles.get(c).get(i)).ordinal();
                sitesByStyle[style]++;
                for (int e = 0; e < k; e++) {
                    weightByStyle[e][style] += pr.gate()[e];
                }
            }
        }
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) {
            List<Double> r = ratios.get(j);
            r.sort(Double::compare);
            scale[j] = Math.max(1e-3, r.get(Math.min(r.size() - 1, (int) Math.ceil(0.95 * r.size()) - 1)));
        }
        List<String> specialties = new ArrayList<>();
        for (int e = 0; e < k; e++) {
            // Label by the style on whose sites the expert's mean gate weight is highest (not by raw counts,
            // which would favour the most frequent style).
            int best = 0;
            double bestMean = -1;
            for (int s = 0; s < styles.length; s++) {
                double mean = weightByStyle[e][s] / Math.max(1, sitesByStyle[s]);
                if (mean > bestMean) {
                    bestMean = mean;
                    best = s;
                }
            }
            specialties.add(k == 1 ? "single regressor (all styles)" : String.format(Locale.ROOT,
                    "%s style (mean gate weight %.2f on held-out %s-style sites)",
                    styles[best].name().toLowerCase(Locale.ROOT), bestMean, styles[best].name().toLowerCase(Locale.ROOT)));
        }
        ModelCard.Training training = new ModelCard.Training(options.command(variant), options.seed(),
                options.cases(), sites, options.epochs(), options.batchSize(), options.learningRate(), finalLoss,
                Math.round(seconds * 10) / 10.0);
        return new ModelCard(draft.name(), draft.variant(), draft.experts(), draft.embedding(), draft.hidden(),
                draft.usesText(), draft.vocabulary(), draft.targetMean(), draft.targetStd(), scale, specialties,
                training);
    }
}
