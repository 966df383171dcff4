package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PyTorchRuntimeTest {

    @Test
    void overwriteKeepsTheArrayAndItsGradientFlag() {
        PyTorchRuntime.require();
        try (NDManager manager = NDManager.newBaseManager(PyTorchRuntime.ENGINE)) {
            NDArray weight = manager.randomNormal(new Shape(2, 3));
            weight.setRequiresGradient(true);
            float[] restored = {1f, -2f, 3.5f, 0f, 1e-3f, -7f};

            PyTorchRuntime.overwrite(weight, restored);

            assertThat(weight.toFloatArray()).containsExactly(restored);
            assertThat(weight.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(weight.hasGradient()).isTrue();
        }
    }
}
