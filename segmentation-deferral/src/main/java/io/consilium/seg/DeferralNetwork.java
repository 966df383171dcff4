package io.consilium.seg;

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
import java.util.List;

/**
 * The bundled promptable DeferredSeg network: input (N, 2, H, W) = the image and the box prompt as a mask
 * (a third channel, a backbone's foreground probability, when it is the head on top of MedSAM),
 * output (N, C + K, H, W) scores, C class channels then K expert channels, ready for {@link Routing}.
 * A small U-shaped net: full-resolution features for edges, a quarter-resolution dilated path for context,
 * joined by a skip connection. H and W must be multiples of {@link #STRIDE}.
 */
final class DeferralNetwork {

    static final int INPUT_CHANNELS = 2;
    static final int STRIDE = 4;

    private DeferralNetwork() {
    }

    static Block create(int classes, int experts, int width) {
        if (classes < 1 || experts < 1) {
            throw new IllegalArgumentException("need at least one class and one expert, got " + classes + " and "
                    + experts);
        }
        SequentialBlock context = new SequentialBlock()
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(2 * width, 3, 1)).add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(2 * width, 3, 2)).add(Activation::relu)
                .add(conv(2 * width, 3, 4)).add(Activation::relu)
                .add(conv(width, 3, 1)).add(Activation::relu)
                // Nearest-neighbour upsampling: the PyTorch engine has no transposed convolution.
                .add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().repeat(2, STRIDE).repeat(3, STRIDE)),
                        "upsample"));
        // Full-resolution work stays in 1x1 convolutions after the first layer: this keeps a 256x256 slice fast.
        return new SequentialBlock()
                .add(conv(width, 3, 1)).add(Activation::relu)
                .add(new ParallelBlock(branches -> new NDList(NDArrays.concat(
                        new NDList(branches.get(0).singletonOrThrow(), branches.get(1).singletonOrThrow()), 1)),
                        List.of(Blocks.identityBlock(), context)))
                .add(conv(2 * width, 1, 1)).add(Activation::relu)
                .add(conv(classes + experts, 1, 1));
    }

    private static Block conv(int filters, int kernel, int dilation) {
        int pad = dilation * (kernel - 1) / 2;
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(pad, pad))
                .optDilation(new Shape(dilation, dilation)).setFilters(filters).build();
    }
}
