package io.consilium.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * The bundled promptable DeferredSeg network: input (N, 2, H, W) = the image and the box prompt as a mask
 * (a third channel, a backbone's foreground probability, when it is the head on top of MedSAM),
 * output (N, C + K, H, W) scores, C class channels then K expert channels, ready for {@link Routing}.
 * A small U-shaped net that does its real work at half resolution (stride-2 stem) with a quarter-resolution
 * dilated path for context; its features are upsampled bilinearly and refined with one cheap full-resolution
 * edge layer, so boundaries stay pixel-sharp while a 256x256 slice costs a few tens of millions of
 * multiply-adds. H and W must be multiples of {@link #STRIDE}.
 */
final class DeferralNetwork {

    static final int INPUT_CHANNELS = 2;
    static final int STRIDE = 4;
    /** Channels carried from the half-resolution trunk, and of the full-resolution edge layer. */
    private static final int REFINE_CHANNELS = 8;
    // torch::nn::functional::interpolate modes as numbered by DJL's JNI layer.
    private static final int NEAREST = 0;
    private static final int BILINEAR = 2;

    private DeferralNetwork() {
    }

    static Block create(int classes, int experts, int width) {
        if (classes < 1 || experts < 1) {
            throw new IllegalArgumentException("need at least one class and one expert, got " + classes + " and "
                    + experts);
        }
        SequentialBlock context = new SequentialBlock()
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(2 * width, 3, 1, 1)).add(Activation::relu)
                .add(conv(2 * width, 3, 2, 1)).add(Activation::relu)
                .add(conv(2 * width, 3, 4, 1)).add(Activation::relu)
                .add(conv(width, 3, 1, 1)).add(Activation::relu)
                .add(upsample(NEAREST));
        SequentialBlock trunk = new SequentialBlock()
                .add(conv(width, 3, 1, 2)).add(Activation::relu)
                .add(concat(Blocks.identityBlock(), context))
                .add(conv(2 * width, 1, 1, 1)).add(Activation::relu)
                .add(conv(REFINE_CHANNELS, 1, 1, 1))
                .add(upsample(BILINEAR));
        SequentialBlock edges = new SequentialBlock()
                .add(conv(REFINE_CHANNELS, 3, 1, 1));
        return new SequentialBlock()
                .add(concat(trunk, edges)).add(Activation::relu)
                .add(conv(2 * REFINE_CHANNELS, 1, 1, 1)).add(Activation::relu)
                .add(conv(classes + experts, 1, 1, 1));
    }

    private static Block concat(Block first, Block second) {
        return new ParallelBlock(branches -> new NDList(NDArrays.concat(
                new NDList(branches.get(0).singletonOrThrow(), branches.get(1).singletonOrThrow()), 1)),
                List.of(first, second));
    }

    /** Doubles height and width (no transposed convolution in the PyTorch engine; interpolation is native). */
    private static Block upsample(int mode) {
        return new LambdaBlock(x -> {
            NDArray in = x.singletonOrThrow();
            Shape shape = in.getShape();
            return new NDList(JniUtils.interpolate((PtNDArray) in, new long[] {shape.get(2) * 2, shape.get(3) * 2},
                    mode, false));
        }, mode == NEAREST ? "upsample-nearest" : "upsample-bilinear");
    }

    private static Block conv(int filters, int kernel, int dilation, int stride) {
        int pad = dilation * (kernel - 1) / 2;
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(pad, pad))
                .optDilation(new Shape(dilation, dilation)).optStride(new Shape(stride, stride)).setFilters(filters)
                .build();
    }
}
