package io.consilium.seg;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * Trains a DeferredSeg model with DJL on the PyTorch engine (CPU): Adam on {@link DeferralLoss}, the model
 * written to the output directory after every epoch with the optimiser's state (a checkpoint that {@code resume}
 * continues from exactly: N epochs in one go and k epochs then a resume to N give the same weights).
 * The seed fixes weight initialisation and the order of cases.
 */
public final class DeferralTraining {

    static final String OPTIMIZER_FILE = "deferredseg.optimizer";
    private static final String STEPS_DONE = "training.steps-done";
    private static final String RECOVERIES = "training.recoveries";
    private static final int STEP_ATTEMPTS = 3;
    /**
     * A step whose loss is this many times the epoch's mean so far is not a step of this training: PyTorch's CPU
     * kernels now and then return garbage that is finite (a loss of several hundred after 1.4), and one such step
     * throws the weights into another regime. It is computed again like a non-finite one.
     */
    private static final double IMPLAUSIBLE_LOSS_FACTOR = 10;
    /** Steps of an epoch before its own mean is the measure (the previous epoch's mean before that). */
    private static final int PLAUSIBILITY_STEPS = 20;
    /** Epochs run again from the last checkpoint after a step that stayed non-finite, per training run. */
    static final int MAX_RECOVERIES = 3;

    /** Progress after each optimiser step. */
    public record Progress(int epoch, int epochs, int step, int steps, LossTerms epochMeanLoss, Duration elapsed,
            Duration remaining) {
    }

    /** Receives progress; the command line draws a progress bar from it. */
    public interface ProgressListener {
        void onStep(Progress progress);
    }

    private DeferralTraining() {
    }

    /**
     * Trains on {@code data} and writes the model to {@code output} after every epoch.
     *
     * @param resume continue from the model already in {@code output} (its epochs count as done)
     * @return the trained model
     */
    public static DeferredSegmentor train(SegmentationDataset data, TrainingSettings settings, Path output,
            boolean resume, ProgressListener listener) throws IOException {
        return train(data, settings, output, resume, listener, null);
    }

    /**
     * Trains the DeferredSeg head on top of a MedSAM backbone (its foreground probability is an extra input
     * channel; the backbone itself stays frozen).
     */
    public static DeferredSegmentor train(SegmentationDataset data, TrainingSettings settings, Path output,
            boolean resume, ProgressListener listener, MedSamBackbone backbone) throws IOException {
        PyTorchRuntime.require();
        int classes = data.classes();
        int experts = data.experts();
        int firstEpoch = 1;
        Properties card = DeferredSegmentor.card(classes, experts, settings, backbone);
        int channels = DeferredSegmentor.inputChannels(card);
        List<float[]> priors = new ArrayList<>();
        for (SegmentationCase c : data.cases()) {
            priors.add(backbone == null ? null : backbone.foreground(c.image(), c.box()));
        }
        card.setProperty("training.data", data.name());
        Map<String, float[]> resumed = null;
        int stepsDone = 0;
        if (resume) {
            Properties previous = readCard(output);
            requireCompatible(previous, card, output);
            firstEpoch = Integer.parseInt(previous.getProperty("training.epochs-done", "0")) + 1;
            stepsDone = Integer.parseInt(previous.getProperty(STEPS_DONE, "0"));
            try (DeferredSegmentor saved = DeferredSegmentor.load(output, backbone)) {
                resumed = saved.parameterValues();
            }
        }
        Engine.getEngine(PyTorchRuntime.ENGINE).setRandomSeed(Long.hashCode(settings.seed()));
        try (Model model = Model.newInstance("deferredseg", PyTorchRuntime.ENGINE)) {
            Block block = DeferredSegmentor.network(card.getProperty("format"), classes, experts, settings.width());
            model.setBlock(block);
            ResumableAdam adam = new ResumableAdam(settings.learningRate());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam);
            try (Trainer trainer = model.newTrainer(config)) {
                int stride = DeferredSegmentor.stride(card);
                trainer.initialize(new Shape(1, channels, 2 * stride, 2 * stride));
                if (resumed != null) {
                    restore(block, resumed);
                    restoreOptimizer(adam, block, stepsDone, output);
                }
                DeferralLoss loss = new DeferralLoss(classes, experts, settings);
                List<List<Integer>> batches = null;
                long started = System.nanoTime();
                int stepsThisRun = 0;
                int stepsTotal = 0;
                if (resumed == null) {
                    // Epoch 0's checkpoint: the initial weights, for the first epoch to run again from.
                    card.setProperty("training.epochs-done", "0");
                    card.setProperty(STEPS_DONE, "0");
                    saveOptimizer(adam, block, 0, output);
                    DeferredSegmentor.write(output, card, block);
                }
                int recoveries = 0;
                double previousEpochMean = Double.POSITIVE_INFINITY;
                for (int epoch = firstEpoch; epoch <= settings.epochs(); epoch++) {
                    batches = batches(data, settings, epoch);
                    if (stepsTotal == 0) {
                        stepsTotal = batches.size() * (settings.epochs() - firstEpoch + 1);
                    }
                    LossTerms sum = new LossTerms(0, 0, 0, 0);
                    int stepsBefore = stepsDone;
                    try {
                        for (int b = 0; b < batches.size(); b++) {
                            Random random = new Random((settings.seed() * 1_000_003L + epoch) * 1_000_003L + b);
                            double typical = b >= PLAUSIBILITY_STEPS ? sum.total() / b : previousEpochMean;
                            sum = sum.plus(step(trainer, loss, data, priors, batches.get(b), channels, stride,
                                    settings, random, IMPLAUSIBLE_LOSS_FACTOR * typical));
                            stepsDone++;
                            stepsThisRun++;
                            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                            Duration remaining = elapsed.multipliedBy(Math.max(0, stepsTotal - stepsThisRun))
                                    .dividedBy(stepsThisRun);
                            listener.onStep(new Progress(epoch, settings.epochs(), b + 1, batches.size(),
                                    sum.scaled(1.0 / (b + 1)), elapsed, remaining));
                        }
                    } catch (Diverged e) {
                        // On the build machines a step turned non-finite every 8 to 20 epochs, at a different
                        // epoch each run, and the same checkpoint then trained on: run the epoch again from it.
                        if (recoveries == MAX_RECOVERIES) {
                            throw new IllegalStateException(e.getMessage() + (recoveries == 0 ? ""
                                    : " (after " + recoveries + " epoch(s) run again from their checkpoint)"), e);
                        }
                        recoveries++;
                        try (DeferredSegmentor saved = DeferredSegmentor.load(output, backbone)) {
                            restore(block, saved.parameterValues());
                        }
                        stepsDone = stepsBefore;
                        restoreOptimizer(adam, block, stepsDone, output);
                        card.setProperty(RECOVERIES, Integer.toString(recoveries));
                        epoch--;
                        continue;
                    }
                    previousEpochMean = sum.total() / batches.size();
                    card.setProperty("training.epochs-done", Integer.toString(epoch));
                    card.setProperty("training.final-loss", sum.scaled(1.0 / batches.size()).toString());
                    card.setProperty(STEPS_DONE, Integer.toString(stepsDone));
                    // Optimiser state before the weights and the card: the card, written last, names the step
                    // that both must match on resume.
                    saveOptimizer(adam, block, stepsDone, output);
                    DeferredSegmentor.write(output, card, block);
                }
            }
        }
        return DeferredSegmentor.load(output, backbone);
    }

    private static LossTerms step(Trainer trainer, DeferralLoss loss, SegmentationDataset data, List<float[]> priors,
            List<Integer> batch, int channels, int stride, TrainingSettings settings, Random random,
            double lossCeiling) {
        int classes = data.classes();
        int experts = data.experts();
        List<View> views = new ArrayList<>(batch.size());
        for (int index : batch) {
            views.add(View.of(data.cases().get(index), priors.get(index), settings, random));
        }
        View first = views.get(0);
        PromptedInput geometry = new PromptedInput(channels, first.image.width(), first.image.height(), stride);
        int plane = geometry.paddedPixels();
        int n = batch.size();
        float[] input = new float[n * channels * plane];
        float[] target = new float[n * classes * plane];
        float[] correct = new float[n * experts * plane];
        for (int i = 0; i < n; i++) {
            View c = views.get(i);
            geometry.writeChannels(c.image, c.box, c.prior, input, i * channels * plane);
            for (int p = 0; p < plane; p++) {
                int source = geometry.sourcePixel(p);
                int truth = c.reference[source];
                target[(i * classes + truth) * plane + p] = 1f;
                for (int k = 0; k < experts; k++) {
                    if (c.expertMasks.get(k)[source] == truth) {
                        correct[(i * experts + k) * plane + p] = 1f;
                    }
                }
            }
        }
        NDManager manager = trainer.getManager();
        try (NDManager batchManager = manager.newSubManager()) {
            NDArray x = batchManager.create(input, new Shape(n, channels,
                    geometry.paddedHeight, geometry.paddedWidth));
            NDArray y = batchManager.create(target, new Shape(n, classes, geometry.paddedHeight, geometry.paddedWidth));
            NDArray m = batchManager.create(correct, new Shape(n, experts, geometry.paddedHeight,
                    geometry.paddedWidth));
            for (int attempt = 1; ; attempt++) {
                LossTerms terms;
                boolean plausible;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray scores = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray[] parts = loss.compute(scores, y, m);
                    terms = new LossTerms(parts[1].getFloat(), parts[2].getFloat(), parts[3].getFloat(),
                            parts[4].getFloat());
                    plausible = Double.isFinite(terms.total()) && terms.total() <= lossCeiling;
                    if (plausible) {
                        collector.backward(parts[0]);
                        plausible = gradientsFinite(trainer);
                    }
                }
                if (plausible) {
                    trainer.step();
                    return terms;
                }
                // The weights are untouched until the step is taken: a step that came out non-finite or implausibly
                // large is computed again (PyTorch's CPU kernels gave sporadic garbage on some machines); one that
                // stays so has diverged.
                if (attempt == STEP_ATTEMPTS) {
                    throw new Diverged("training diverged: " + terms + " in " + STEP_ATTEMPTS
                            + " attempts of one step (non-finite, or above " + IMPLAUSIBLE_LOSS_FACTOR
                            + " times the epoch's mean loss); lower the learning rate");
                }
            }
        }
    }

    /** A step whose loss or gradients stayed non-finite in every attempt. */
    private static final class Diverged extends RuntimeException {
        Diverged(String message) {
            super(message);
        }
    }

    private static boolean gradientsFinite(Trainer trainer) {
        for (Pair<String, Parameter> entry : trainer.getModel().getBlock().getParameters()) {
            try (NDArray sum = entry.getValue().getArray().getGradient().sum()) {
                if (!Float.isFinite(sum.getFloat())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * What one training step sees of a case: with box jitter, the reference's bounding box grown by a random margin
     * per side (so the model learns boxes as loosely as people draw them); with a crop size, a window of that size
     * placed at random so that it holds the box.
     */
    private record View(ImageSlice image, BoxPrompt box, byte[] reference, List<byte[]> expertMasks, float[] prior) {

        static View of(SegmentationCase c, float[] prior, TrainingSettings settings, Random random) {
            int w = c.image().width();
            int h = c.image().height();
            int jitter = settings.boxJitter();
            BoxPrompt box = c.box();
            BoxPrompt tight = jitter == 0 ? null : BoxPrompt.bounding(c.reference(), w, h);
            if (tight != null) {
                box = tight.enlarged(random.nextInt(jitter + 1), random.nextInt(jitter + 1),
                        random.nextInt(jitter + 1), random.nextInt(jitter + 1), w, h);
            }
            int cw = settings.cropSize() == 0 ? w : Math.min(w, settings.cropSize());
            int ch = settings.cropSize() == 0 ? h : Math.min(h, settings.cropSize());
            if (cw == w && ch == h) {
                return new View(c.image(), box, c.reference(), c.expertMasks(), prior);
            }
            int x = origin(box.x0(), box.x1(), cw, w, random);
            int y = origin(box.y0(), box.y1(), ch, h, random);
            List<byte[]> masks = new ArrayList<>();
            for (byte[] mask : c.expertMasks()) {
                masks.add(window(mask, w, x, y, cw, ch));
            }
            float[] pixels = c.image().pixelsShared();
            float[] cut = new float[cw * ch];
            float[] priorCut = prior == null ? null : new float[cw * ch];
            for (int row = 0; row < ch; row++) {
                System.arraycopy(pixels, (y + row) * w + x, cut, row * cw, cw);
                if (prior != null) {
                    System.arraycopy(prior, (y + row) * w + x, priorCut, row * cw, cw);
                }
            }
            BoxPrompt inside = new BoxPrompt(Math.max(0, box.x0() - x), Math.max(0, box.y0() - y),
                    Math.min(cw, box.x1() - x), Math.min(ch, box.y1() - y));
            return new View(ImageSlice.trusted(cw, ch, cut), inside, window(c.reference(), w, x, y, cw, ch), masks,
                    priorCut);
        }

        /** A window start in [0, size - window] that holds [from, to) when it fits, else centred on it. */
        private static int origin(int from, int to, int window, int size, Random random) {
            int low = Math.max(0, to - window);
            int high = Math.min(from, size - window);
            if (low > high) {
                return Math.max(0, Math.min(size - window, (from + to - window) / 2));
            }
            return low + random.nextInt(high - low + 1);
        }

        private static byte[] window(byte[] mask, int width, int x, int y, int cw, int ch) {
            byte[] out = new byte[cw * ch];
            for (int row = 0; row < ch; row++) {
                System.arraycopy(mask, (y + row) * width + x, out, row * cw, cw);
            }
            return out;
        }
    }

    /** Same-size cases per batch, shuffled by seed and epoch. */
    private static List<List<Integer>> batches(SegmentationDataset data, TrainingSettings settings, int epoch) {
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            ImageSlice image = data.cases().get(i).image();
            bySize.computeIfAbsent(image.width() + "x" + image.height(), key -> new ArrayList<>()).add(i);
        }
        Random rng = new Random(settings.seed() * 31 + epoch);
        List<List<Integer>> batches = new ArrayList<>();
        for (List<Integer> group : bySize.values()) {
            Collections.shuffle(group, rng);
            for (int from = 0; from < group.size(); from += settings.batchSize()) {
                batches.add(List.copyOf(group.subList(from, Math.min(group.size(), from + settings.batchSize()))));
            }
        }
        Collections.shuffle(batches, rng);
        return batches;
    }

    private static void saveOptimizer(ResumableAdam adam, Block block, int steps, Path output) throws IOException {
        Files.createDirectories(output);
        Path tmp = output.resolve(OPTIMIZER_FILE + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            adam.save(block.getParameters(), steps, out);
        }
        Files.move(tmp, output.resolve(OPTIMIZER_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restoreOptimizer(ResumableAdam adam, Block block, int steps, Path output) throws IOException {
        Path file = output.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("cannot resume exactly: the checkpoint in " + output + " has no optimiser state ("
                    + OPTIMIZER_FILE + "); train from scratch into a new directory");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            adam.restore(block.getParameters(), steps, in, file.toString());
        }
    }

    private static Properties readCard(Path output) throws IOException {
        Path card = output.resolve(DeferredSegmentor.CARD_FILE);
        if (!Files.isRegularFile(card)) {
            throw new IOException("cannot resume: no checkpoint in " + output + " (no " + DeferredSegmentor.CARD_FILE
                    + ")");
        }
        Properties previous = new Properties();
        try (InputStream in = Files.newInputStream(card)) {
            previous.load(in);
        }
        return previous;
    }

    private static void requireCompatible(Properties previous, Properties wanted, Path output) throws IOException {
        for (String key : List.of("format", "classes", "experts", "width", "input-channels")) {
            if (key.equals("input-channels")) {
                if (DeferredSegmentor.inputChannels(previous) != DeferredSegmentor.inputChannels(wanted)) {
                    throw new IOException("cannot resume from " + output + ": checkpoint has "
                            + DeferredSegmentor.inputChannels(previous) + " input channels, this training "
                            + DeferredSegmentor.inputChannels(wanted) + " (with or without a MedSAM backbone)");
                }
                continue;
            }
            if (!wanted.getProperty(key).equals(previous.getProperty(key))) {
                throw new IOException("cannot resume from " + output + ": checkpoint has " + key + "="
                        + previous.getProperty(key) + ", this training " + key + "=" + wanted.getProperty(key));
            }
        }
    }

    private static void restore(Block block, Map<String, float[]> values) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            float[] v = values.get(entry.getKey());
            if (v == null) {
                throw new IllegalStateException("checkpoint lacks parameter " + entry.getKey());
            }
            PyTorchRuntime.overwrite(entry.getValue().getArray(), v);
        }
    }
}
