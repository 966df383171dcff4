package io.consilium.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The promptable DeferredSeg network in the shape of MedSAM, sized to train from scratch on a CPU:
 * <ul>
 *   <li>an <b>image encoder</b> that sees only the image (and a backbone's prior, when there is one): four
 *       stride-2 stages down to a 1/16-resolution image embedding, with a dilated convolution for context;</li>
 *   <li>a <b>box-prompt encoder</b>: the box, as a mask, pooled to every scale and embedded there (SAM's dense
 *       prompt embedding), added to the image embedding and given to every decoder stage;</li>
 *   <li>a <b>mask decoder</b> that upsamples the prompted embedding stage by stage, joining the encoder's features
 *       and the prompt of each scale (U-Net skips), and ends in a full-resolution edge layer and C + K output
 *       channels per pixel, for {@link Routing}.</li>
 * </ul>
 * Input (N, 2 or 3, H, W): image, box mask, optional prior; H and W multiples of {@link #STRIDE}.
 */
final class PromptableNetwork extends AbstractBlock {

    static final int STRIDE = 16;
    private static final byte VERSION = 1;
    private static final int BOX_CHANNEL = 1;
    private static final int EDGE_CHANNELS = 8;
    // torch::nn::functional::interpolate mode as numbered by DJL's JNI layer.
    private static final int BILINEAR = 2;

    private final int outputs;
    private final Block[] encoder = new Block[8];
    private final Block[] prompt = new Block[4];
    private final Block[] decoder = new Block[6];
    private final Block edges;
    private final Block head;

    private PromptableNetwork(int classes, int experts, int width) {
        super(VERSION);
        this.outputs = classes + experts;
        int[] channels = {width, 2 * width, 4 * width, 4 * width};
        for (int stage = 0; stage < 4; stage++) {
            // Context from a dilated layer at 1/8 resolution; none at 1/16, where a training crop is 4 pixels wide.
            int dilation = stage == 2 ? 2 : 1;
            encoder[2 * stage] = addChildBlock("encoder" + stage + "a", conv(channels[stage], 3, 1, 2));
            encoder[2 * stage + 1] = addChildBlock("encoder" + stage + "b", conv(channels[stage], 3, dilation, 1));
            prompt[stage] = addChildBlock("prompt" + stage, conv(channels[stage], 1, 1, 1));
        }
        // Decoder stage s works at 1/2^(s+1) resolution on [upsampled features, encoder skip, box mask].
        decoder[0] = addChildBlock("decoder2", conv(channels[2], 3, 1, 1));
        decoder[1] = addChildBlock("decoder2b", conv(channels[2], 3, 1, 1));
        decoder[2] = addChildBlock("decoder1", conv(channels[1], 3, 1, 1));
        decoder[3] = addChildBlock("decoder1b", conv(channels[1], 3, 1, 1));
        decoder[4] = addChildBlock("decoder0", conv(channels[0], 3, 1, 1));
        decoder[5] = addChildBlock("decoder0b", conv(channels[0], 1, 1, 1));
        edges = addChildBlock("edges", conv(EDGE_CHANNELS, 3, 1, 1));
        head = addChildBlock("head", conv(outputs, 1, 1, 1));
    }

    static Block create(int classes, int experts, int width) {
        if (classes < 1 || experts < 1) {
            throw new IllegalArgumentException("need at least one class and one expert, got " + classes + " and "
                    + experts);
        }
        return new PromptableNetwork(classes, experts, width);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long channels = x.getShape().get(1);
        // Copies, not views, of the input's channels: with views the scores came out NaN now and then on the build
        // machines (cause not isolated; see the README, Deep learning offline).
        NDArray box = x.get(":, " + BOX_CHANNEL + ":" + (BOX_CHANNEL + 1)).duplicate();
        NDArray image = channels > 2 ? NDArrays.concat(new NDList(x.get(":, 0:1"), x.get(":, 2:")), 1)
                : x.get(":, 0:1").duplicate();
        NDArray[] features = new NDArray[4];
        NDArray[] boxes = new NDArray[4];
        NDArray h = image;
        NDArray b = box;
        for (int stage = 0; stage < 4; stage++) {
            h = relu(encoder[2 * stage], store, h, training);
            h = relu(encoder[2 * stage + 1], store, h, training);
            b = Pool.avgPool2d(b, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
            features[stage] = h;
            boxes[stage] = b;
        }
        NDArray embedding = h.add(apply(prompt[3], store, boxes[3], training));
        NDArray d = embedding;
        for (int stage = 2; stage >= 0; stage--) {
            NDArray prompted = features[stage].add(apply(prompt[stage], store, boxes[stage], training));
            NDArray joined = NDArrays.concat(new NDList(upsample(d), prompted, boxes[stage]), 1);
            int at = 2 * (2 - stage);
            d = relu(decoder[at], store, joined, training);
            d = relu(decoder[at + 1], store, d, training);
        }
        NDArray edge = relu(edges, store, NDArrays.concat(new NDList(image.get(":, 0:1"), box), 1), training);
        NDArray full = NDArrays.concat(new NDList(upsample(d), edge), 1);
        return new NDList(apply(head, store, full, training));
    }

    private static NDArray apply(Block block, ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    private static NDArray relu(Block block, ParameterStore store, NDArray x, boolean training) {
        return Activation.relu(apply(block, store, x, training));
    }

    /** Doubles height and width (no transposed convolution in the PyTorch engine; interpolation is native). */
    private static NDArray upsample(NDArray x) {
        Shape shape = x.getShape();
        return JniUtils.interpolate((PtNDArray) x, new long[] {shape.get(2) * 2, shape.get(3) * 2}, BILINEAR, false);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outputs, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        long imageChannels = in.get(1) - 1;
        long height = in.get(2);
        long width = in.get(3);
        long[] channels = new long[4];
        Shape current = new Shape(n, imageChannels, height, width);
        for (int stage = 0; stage < 4; stage++) {
            encoder[2 * stage].initialize(manager, dataType, current);
            Shape a = encoder[2 * stage].getOutputShapes(new Shape[] {current})[0];
            encoder[2 * stage + 1].initialize(manager, dataType, a);
            current = encoder[2 * stage + 1].getOutputShapes(new Shape[] {a})[0];
            channels[stage] = current.get(1);
            prompt[stage].initialize(manager, dataType, new Shape(n, 1, current.get(2), current.get(3)));
        }
        long below = channels[3];
        for (int stage = 2; stage >= 0; stage--) {
            long side = height >> (stage + 1);
            long across = width >> (stage + 1);
            int at = 2 * (2 - stage);
            decoder[at].initialize(manager, dataType, new Shape(n, below + channels[stage] + 1, side, across));
            decoder[at + 1].initialize(manager, dataType, new Shape(n, channels[stage], side, across));
            below = channels[stage];
        }
        edges.initialize(manager, dataType, new Shape(n, 2, height, width));
        head.initialize(manager, dataType, new Shape(n, below + EDGE_CHANNELS, height, width));
    }

    private static Block conv(int filters, int kernel, int dilation, int stride) {
        int pad = dilation * (kernel - 1) / 2;
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(pad, pad))
                .optDilation(new Shape(dilation, dilation)).optStride(new Shape(stride, stride)).setFilters(filters)
                .build();
    }
}
