package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** DJL with the PyTorch engine, offline, natives from Maven Central: the promptable C + K network. */
class DeferralNetworkTest {

    @Test
    void pyTorchEngineLoadsOfflineFromTheClasspath() {
        Engine engine = PyTorchRuntime.require();
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).startsWith("2.7.1");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    @Test
    void imageAndBoxInClassAndExpertChannelsOut() {
        try (NDManager manager = NDManager.newBaseManager(PyTorchRuntime.ENGINE)) {
            Block block = DeferralNetwork.create(2, 4, 8);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 16, 16));
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 2, 24, 40));

            NDArray scores = block.forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow();

            assertThat(scores.getShape()).isEqualTo(new Shape(2, 2 + 4, 24, 40));
        }
    }

    @Test
    void slicesOfAnySizeArePaddedForTheNetworkAndCroppedBack() {
        try (DeferredSegmentor model = DeferredSegmentor.bundled(ModelCatalog.PHANTOM)) {
            ImageSlice slice = SyntheticPhantoms.generate(1, 1, 50, 3).cases().get(0).image();
            float[] pixels = slice.pixels();
            ImageSlice odd = ImageSlice.of(37, 45, 1, crop(pixels, 50, 37, 45));

            RoutedImage routed = model.segment(odd, new BoxPrompt(5, 5, 30, 40), InferenceControls.UNCONSTRAINED);

            assertThat(routed.width()).isEqualTo(37);
            assertThat(routed.height()).isEqualTo(45);
            assertThat(routed.deferralMap().width()).isEqualTo(37);
            assertThat(routed.confidenceAt(36, 44)).isBetween(0f, 1f);
        }
    }

    private static float[] crop(float[] pixels, int width, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(pixels, y * width, out, y * w, w);
        }
        return out;
    }
}
