package io.consilium.seg;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A trained DeferredSeg model: box-prompted segmentation whose every pixel is either decided by the AI or
 * deferred to one of K experts. {@link #bundled()} is the default model shipped in this module; {@link #load}
 * reads one written by {@link DeferralTraining}. Safe to use from several threads.
 */
public final class DeferredSegmentor implements AutoCloseable {

    static final String PARAMS_FILE = "deferredseg.params";
    static final String CARD_FILE = "deferredseg.properties";
    /**
     * How long a forward pass whose scores are not finite is computed again. PyTorch's CPU kernels gave sporadic
     * non-finite scores on the build machines, sometimes a dozen passes in a row, then finite ones again.
     */
    private static final long FORWARD_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The compact network of the phantom model (image and box mask stacked at the input). */
    static final String COMPACT_FORMAT = "deferredseg-2";
    /** The MedSAM-shaped network: image encoder, box-prompt encoder, mask decoder ({@link PromptableNetwork}). */
    static final String PROMPTABLE_FORMAT = "deferredseg-3";

    private final NDManager manager;
    private final Block block;
    private final Properties card;
    private final int classes;
    private final int experts;
    private final int inputChannels;
    private final MedSamBackbone backbone;
    private final ModelIdentity identity;
    private final int stride;

    private DeferredSegmentor(NDManager manager, Block block, Properties card, MedSamBackbone backbone,
            ModelIdentity identity) {
        this.manager = manager;
        this.block = block;
        this.card = card;
        this.backbone = backbone;
        this.identity = identity;
        this.stride = stride(card);
        this.inputChannels = inputChannels(card);
        this.classes = Integer.parseInt(card.getProperty("classes"));
        this.experts = Integer.parseInt(card.getProperty("experts"));
    }

    /** A model bundled with this module by its catalogue name ({@link ModelCatalog#bundledNames()}). */
    public static DeferredSegmentor bundled(String name) {
        if (!ModelCatalog.bundledNames().contains(name)) {
            throw new IllegalArgumentException("no bundled model " + name + "; bundled: " + ModelCatalog.bundledNames());
        }
        try {
            return ModelCatalog.bundled(name).open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled model " + name, e);
        }
    }

    /** A model saved in {@code directory} by training (without a backbone). */
    public static DeferredSegmentor load(Path directory) throws IOException {
        return load(directory, null);
    }

    /**
     * A model saved in {@code directory} by training; a head trained on top of MedSAM needs that backbone
     * (the caller keeps and closes it).
     */
    public static DeferredSegmentor load(Path directory, MedSamBackbone backbone) throws IOException {
        return ModelCatalog.directory(directory).open(backbone);
    }

    static DeferredSegmentor read(InputStream cardIn, byte[] params, String source, MedSamBackbone backbone,
            ModelIdentity identity) throws IOException {
        Properties card = new Properties();
        card.load(cardIn);
        String format = card.getProperty("format");
        if (!COMPACT_FORMAT.equals(format) && !PROMPTABLE_FORMAT.equals(format)) {
            throw new IOException(source + " is not a " + COMPACT_FORMAT + " or " + PROMPTABLE_FORMAT + " model (format="
                    + format + "); a model of an older network layout must be retrained with this version");
        }
        int classes = Integer.parseInt(card.getProperty("classes"));
        int experts = Integer.parseInt(card.getProperty("experts"));
        int width = Integer.parseInt(card.getProperty("width"));
        boolean needsBackbone = inputChannels(card) > DeferralNetwork.INPUT_CHANNELS;
        if (needsBackbone && backbone == null) {
            throw new IOException(source + " is a DeferredSeg head trained on top of MedSAM (" + card.getProperty(
                    "backbone") + "): load it with that MedSAM encoder and decoder");
        }
        if (!needsBackbone && backbone != null) {
            throw new IOException(source + " was trained without a backbone; load it without MedSAM");
        }
        PyTorchRuntime.require();
        NDManager manager = NDManager.newBaseManager(PyTorchRuntime.ENGINE);
        try {
            Block block = network(format, classes, experts, width);
            int side = stride(card) * 2;
            Shape shape = new Shape(1, inputChannels(card), side, side);
            block.initialize(manager, DataType.FLOAT32, shape);
            // Decoded in a scratch block, then written into the arrays PyTorch allocated for this one: DJL's decoder
            // leaves weights in Java direct buffers, and such weights turned NaN after many inferences on the build
            // machines.
            try (NDManager scratch = NDManager.newBaseManager(PyTorchRuntime.ENGINE)) {
                Block decoded = network(format, classes, experts, width);
                decoded.initialize(scratch, DataType.FLOAT32, shape);
                decoded.loadParameters(scratch, new DataInputStream(new ByteArrayInputStream(params)));
                Map<String, NDArray> values = new HashMap<>();
                for (Pair<String, Parameter> parameter : decoded.getParameters()) {
                    values.put(parameter.getKey(), parameter.getValue().getArray());
                }
                for (Pair<String, Parameter> parameter : block.getParameters()) {
                    PyTorchRuntime.overwrite(parameter.getValue().getArray(), values.get(parameter.getKey()));
                }
            }
            // Frozen weights: no autograd graph is recorded, whatever the calling thread's PyTorch grad mode
            // (it is on by default in every thread but the one that loaded the engine).
            for (Pair<String, Parameter> parameter : block.getParameters()) {
                parameter.getValue().getArray().setRequiresGradient(false);
            }
            return new DeferredSegmentor(manager, block, card, backbone, identity);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            manager.close();
            throw new IOException("cannot load DeferredSeg weights from " + source + ": " + e.getMessage(), e);
        }
    }

    /** The network a card's format names. */
    static Block network(String format, int classes, int experts, int width) {
        return PROMPTABLE_FORMAT.equals(format) ? PromptableNetwork.create(classes, experts, width)
                : DeferralNetwork.create(classes, experts, width);
    }

    /** Inputs are padded to a multiple of this many pixels. */
    static int stride(Properties card) {
        return PROMPTABLE_FORMAT.equals(card.getProperty("format")) ? PromptableNetwork.STRIDE
                : DeferralNetwork.STRIDE;
    }

    static int inputChannels(Properties card) {
        return Integer.parseInt(card.getProperty("input-channels", Integer.toString(DeferralNetwork.INPUT_CHANNELS)));
    }

    static Properties card(int classes, int experts, TrainingSettings settings, MedSamBackbone backbone) {
        Properties card = new Properties();
        card.setProperty("format", settings.network() == TrainingSettings.Network.PROMPTABLE ? PROMPTABLE_FORMAT
                : COMPACT_FORMAT);
        card.setProperty("input-channels", Integer.toString(DeferralNetwork.INPUT_CHANNELS + (backbone == null ? 0 : 1)));
        if (backbone != null) {
            card.setProperty("backbone", "medsam-onnx " + backbone.description());
        }
        card.setProperty("classes", Integer.toString(classes));
        card.setProperty("experts", Integer.toString(experts));
        card.setProperty("width", Integer.toString(settings.width()));
        card.setProperty("training.epochs", Integer.toString(settings.epochs()));
        card.setProperty("training.batch-size", Integer.toString(settings.batchSize()));
        card.setProperty("training.learning-rate", Float.toString(settings.learningRate()));
        card.setProperty("training.seed", Long.toString(settings.seed()));
        card.setProperty("training.deferral-weight", Double.toString(settings.deferralWeight()));
        card.setProperty("training.coherence-weight", Double.toString(settings.coherenceWeight()));
        card.setProperty("training.balance-weight", Double.toString(settings.balanceWeight()));
        card.setProperty("training.box-jitter", Integer.toString(settings.boxJitter()));
        card.setProperty("training.crop-size", Integer.toString(settings.cropSize()));
        return card;
    }

    static void write(Path directory, Properties card, Block block) throws IOException {
        Files.createDirectories(directory);
        Path params = directory.resolve(PARAMS_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(params);
                DataOutputStream data = new DataOutputStream(out)) {
            block.saveParameters(data);
        }
        Path cardTmp = directory.resolve(CARD_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(cardTmp)) {
            card.store(out, "DeferredSeg model card: how this model was made");
        }
        // Weights first, card last: a card on disk always describes complete weights.
        Files.move(params, directory.resolve(PARAMS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(cardTmp, directory.resolve(CARD_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public int classes() {
        return classes;
    }

    public int experts() {
        return experts;
    }

    /** Name, version, weights digest and card: what a result made with this model records. */
    public ModelIdentity identity() {
        return identity;
    }

    /** A property of the model card (how the model was trained, on what), or null. */
    public String cardValue(String key) {
        return card.getProperty(key);
    }

    /** Segments the structure in the box and routes every pixel to the AI or an expert. */
    public RoutedImage segment(ImageSlice image, BoxPrompt box, InferenceControls controls) {
        for (int expert : controls.absentExperts()) {
            if (expert < 1 || expert > experts) {
                throw new IllegalArgumentException("absent expert " + expert + " does not exist; this model routes to "
                        + "experts 1.." + experts);
            }
        }
        return Routing.route(scores(image, box), classes, image.width(), image.height(), controls);
    }

    /** Channel-major scores {@code [C + K][pixel]} for one prompted slice. */
    float[][] scores(ImageSlice image, BoxPrompt box) {
        box.requireInside(image.width(), image.height());
        PromptedInput input = new PromptedInput(inputChannels, image.width(), image.height(), stride);
        float[] buffer = new float[inputChannels * input.paddedPixels()];
        input.writeChannels(image, box, backbone == null ? null : backbone.foreground(image, box), buffer, 0);
        float[] out = forward(buffer, new Shape(1, inputChannels, input.paddedHeight, input.paddedWidth));
        // One that stays non-finite reaches Routing, which refuses it.
        long deadline = System.nanoTime() + FORWARD_RETRY_NANOS;
        for (long pause = 1; !finite(out) && System.nanoTime() < deadline; pause = Math.min(pause * 2, 200)) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            out = forward(buffer, new Shape(1, inputChannels, input.paddedHeight, input.paddedWidth));
        }
        return input.crop(out, classes + experts);
    }

    private float[] forward(float[] input, Shape shape) {
        try (NDManager request = manager.newSubManager()) {
            NDArray x = request.create(input, shape);
            return block.forward(new ParameterStore(request, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Parameter values by name, to continue training from this model. */
    Map<String, float[]> parameterValues() {
        Map<String, float[]> values = new HashMap<>();
        for (Pair<String, Parameter> entry : block.getParameters()) {
            values.put(entry.getKey(), entry.getValue().getArray().toFloatArray());
        }
        return values;
    }

    @Override
    public void close() {
        manager.close();
    }
}
