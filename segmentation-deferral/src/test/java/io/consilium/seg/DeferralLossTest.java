package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The loss terms on hand-made 1x2x2x2 batches (C = 2, K = 2). */
class DeferralLossTest {

    private static final TrainingSettings UNIT = new TrainingSettings(4, 1, 1, 0.01f, 1, 1.0, 1.0, 1.0);

    @Test
    void crossEntropyAndExpertTermsFollowTheSurrogate() {
        try (NDManager m = NDManager.newBaseManager(PyTorchRuntime.ENGINE)) {
            NDArray scores = m.zeros(new Shape(1, 4, 2, 2));
            NDArray target = onehot(m, 2);
            // Expert 1 right on every pixel, expert 2 on none.
            float[] correct = new float[8];
            java.util.Arrays.fill(correct, 0, 4, 1f);
            NDArray[] parts = new DeferralLoss(2, 2, UNIT).compute(scores, target, m.create(correct, new Shape(1, 2, 2, 2)));

            // Uniform softmax over 4 channels: -log(1/4) for the class, and once more for expert 1.
            assertThat(parts[1].getFloat()).isCloseTo((float) Math.log(4), within(1e-5f));
            assertThat(parts[2].getFloat()).isCloseTo((float) Math.log(4), within(1e-5f));
            assertThat(parts[3].getFloat()).isCloseTo(0f, within(1e-6f));
            assertThat(parts[4].getFloat()).isCloseTo(0f, within(1e-6f));
            assertThat(parts[0].getFloat()).isCloseTo(2 * (float) Math.log(4), within(1e-5f));
        }
    }

    @Test
    void coherencePenalisesSpeckleAndBalancePenalisesOneSidedWork() {
        try (NDManager m = NDManager.newBaseManager(PyTorchRuntime.ENGINE)) {
            // Expert 1 wins a checkerboard, expert 2 never.
            float[] s = new float[16];
            float[] checker = {9, 0, 0, 9};
            System.arraycopy(checker, 0, s, 8, 4);
            NDArray speckle = m.create(s, new Shape(1, 4, 2, 2));
            NDArray[] parts = new DeferralLoss(2, 2, UNIT).compute(speckle, onehot(m, 2), m.zeros(new Shape(1, 2, 2, 2)));

            assertThat(parts[3].getFloat()).isGreaterThan(0.9f);
            assertThat(parts[4].getFloat()).isGreaterThan(0.4f);
        }
    }

    private static NDArray onehot(NDManager m, int classes) {
        float[] t = new float[classes * 4];
        java.util.Arrays.fill(t, 0, 4, 1f);
        return m.create(t, new Shape(1, classes, 2, 2));
    }
}
