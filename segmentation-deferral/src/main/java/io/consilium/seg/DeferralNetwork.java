package io.consilium.seg;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * A small fully convolutional DeferredSeg head: image (N, 3, H, W) in, (N, C + K, H, W) scores out,
 * C class channels then K expert channels, ready for {@link Routing}.
 */
public final class DeferralNetwork {

    private DeferralNetwork() {
    }

    public static Block create(int classes, int experts, int width) {
        if (classes < 1 || experts < 1) {
            throw new IllegalArgumentException("need at least one class and one expert, got " + classes + " and "
                    + experts);
        }
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(width).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(width).build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(classes + experts).build());
    }
}
