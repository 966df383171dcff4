package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** DJL with the PyTorch engine, offline, natives from Maven Central: forward pass and training steps. */
class DeferralNetworkTest {

    private static final int CLASSES = 2;
    private static final int EXPERTS = 3;

    @Test
    void pyTorchEngineLoadsOfflineFromTheClasspath() {
        Engine engine = PyTorchRuntime.require();
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).startsWith("2.7.1");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    @Test
    void forwardPassGivesClassAndExpertChannelsPerPixel() {
        Engine.getEngine("PyTorch").setRandomSeed(7);
        try (Model model = Model.newInstance("deferral", "PyTorch");
                Trainer trainer = newTrainer(model)) {
            trainer.initialize(new Shape(2, 3, 16, 16));
            NDArray image = trainer.getManager().randomUniform(0, 1, new Shape(2, 3, 16, 16));

            NDArray scores = trainer.forward(new NDList(image)).singletonOrThrow();

            assertThat(scores.getShape()).isEqualTo(new Shape(2, CLASSES + EXPERTS, 16, 16));
            float[][] perChannel = channels(scores.get(0));
            RoutedImage routed = Routing.route(perChannel, CLASSES, 16, 16);
            assertThat(routed.deferralMap().deferralRate()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void trainingStepsLowerTheLossOnAFixedBatch() {
        Engine.getEngine("PyTorch").setRandomSeed(7);
        try (Model model = Model.newInstance("deferral", "PyTorch");
                Trainer trainer = newTrainer(model)) {
            trainer.initialize(new Shape(4, 3, 16, 16));
            NDManager manager = trainer.getManager();
            NDArray image = manager.randomUniform(0, 1, new Shape(4, 3, 16, 16));
            // Target channel per pixel: organ where the red channel is bright, else background.
            NDArray target = image.get(":, 0, :, :").gt(0.5).toType(DataType.INT64, false);

            float first = step(trainer, image, target);
            float last = first;
            for (int i = 0; i < 30; i++) {
                last = step(trainer, image, target);
            }

            assertThat(first).isFinite().isPositive();
            assertThat(last).isLessThan(first * 0.7f);
        }
    }

    private static float step(Trainer trainer, NDArray image, NDArray target) {
        float value;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray scores = trainer.forward(new NDList(image)).singletonOrThrow();
            NDArray logProbabilities = scores.logSoftmax(1);
            NDArray oneHot = target.oneHot(CLASSES + EXPERTS).transpose(0, 3, 1, 2);
            NDArray loss = logProbabilities.mul(oneHot).sum(new int[] {1}).mean().neg();
            value = loss.getFloat();
            collector.backward(loss);
        }
        trainer.step();
        return value;
    }

    private static Trainer newTrainer(Model model) {
        model.setBlock(DeferralNetwork.create(CLASSES, EXPERTS, 8));
        var config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
        return model.newTrainer(config);
    }

    private static float[][] channels(NDArray chw) {
        int c = (int) chw.getShape().get(0);
        float[][] out = new float[c][];
        for (int i = 0; i < c; i++) {
            out[i] = chw.get(i).flatten().toFloatArray();
        }
        return out;
    }
}
