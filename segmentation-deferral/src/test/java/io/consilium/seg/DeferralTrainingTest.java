package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training runs in Java (DJL, PyTorch engine, CPU), kept tiny: 8 slices of 32x32, a narrow network. */
class DeferralTrainingTest {

    private static final SegmentationDataset TINY = SyntheticPhantoms.generate(11, 8, 32, 3);
    private static final TrainingSettings SETTINGS = new TrainingSettings(4, 2, 4, 0.01f, 3, 0.7, 0.1, 0.05);

    @TempDir
    Path dir;

    @Test
    void trainingReportsProgressAndLowersTheLoss() throws Exception {
        List<DeferralTraining.Progress> seen = new ArrayList<>();
        try (DeferredSegmentor model = DeferralTraining.train(TINY, SETTINGS.withEpochs(6), dir.resolve("m"), false,
                seen::add)) {
            assertThat(model.experts()).isEqualTo(3);
            assertThat(model.cardValue("training.epochs-done")).isEqualTo("6");
            assertThat(model.cardValue("training.seed")).isEqualTo("3");
        }
        assertThat(seen).hasSize(12);
        DeferralTraining.Progress first = seen.get(0);
        DeferralTraining.Progress last = seen.get(seen.size() - 1);
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.steps()).isEqualTo(2);
        assertThat(last.epoch()).isEqualTo(6);
        assertThat(last.remaining()).isZero();
        assertThat(first.epochMeanLoss().crossEntropy()).isPositive();
        assertThat(first.epochMeanLoss().deferral()).isPositive();
        assertThat(first.epochMeanLoss().coherence()).isPositive();
        assertThat(first.epochMeanLoss().balance()).isNotNegative();
        assertThat(last.epochMeanLoss().total()).isLessThan(first.epochMeanLoss().total());
    }

    @Test
    void sameSeedSameWeights() throws Exception {
        DeferralTraining.train(TINY, SETTINGS, dir.resolve("a"), false, p -> { }).close();
        DeferralTraining.train(TINY, SETTINGS, dir.resolve("b"), false, p -> { }).close();
        DeferralTraining.train(TINY, SETTINGS.withSeed(4), dir.resolve("c"), false, p -> { }).close();

        byte[] a = Files.readAllBytes(dir.resolve("a").resolve(DeferredSegmentor.PARAMS_FILE));
        assertThat(Files.readAllBytes(dir.resolve("b").resolve(DeferredSegmentor.PARAMS_FILE))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("c").resolve(DeferredSegmentor.PARAMS_FILE))).isNotEqualTo(a);
    }

    @Test
    void resumeContinuesExactlyWhereTheCheckpointStopped() throws Exception {
        Path straight = dir.resolve("straight");
        DeferralTraining.train(TINY, SETTINGS.withEpochs(3), straight, false, p -> { }).close();
        Path out = dir.resolve("r");
        DeferralTraining.train(TINY, SETTINGS.withEpochs(1), out, false, p -> { }).close();
        byte[] afterOne = Files.readAllBytes(out.resolve(DeferredSegmentor.PARAMS_FILE));
        List<Integer> epochs = new ArrayList<>();

        try (DeferredSegmentor model = DeferralTraining.train(TINY, SETTINGS.withEpochs(3), out, true,
                p -> epochs.add(p.epoch()))) {
            assertThat(model.cardValue("training.epochs-done")).isEqualTo("3");
            assertThat(model.cardValue("training.steps-done")).isEqualTo("6");
        }
        assertThat(epochs).containsExactly(2, 2, 3, 3);
        byte[] resumed = Files.readAllBytes(out.resolve(DeferredSegmentor.PARAMS_FILE));
        assertThat(resumed).isNotEqualTo(afterOne);
        // Weights and Adam moments both: 3 epochs in one go equal 1 epoch, then a resume to 3.
        assertThat(resumed).isEqualTo(Files.readAllBytes(straight.resolve(DeferredSegmentor.PARAMS_FILE)));
        assertThat(Files.readAllBytes(out.resolve(DeferralTraining.OPTIMIZER_FILE)))
                .isEqualTo(Files.readAllBytes(straight.resolve(DeferralTraining.OPTIMIZER_FILE)));
    }

    @Test
    void resumeRefusesACheckpointWithoutMatchingOptimiserState() throws Exception {
        Path out = dir.resolve("o");
        DeferralTraining.train(TINY, SETTINGS.withEpochs(1), out, false, p -> { }).close();
        Path state = out.resolve(DeferralTraining.OPTIMIZER_FILE);
        byte[] afterOne = Files.readAllBytes(state);
        DeferralTraining.train(TINY, SETTINGS.withEpochs(2), out, true, p -> { }).close();
        byte[] weights = Files.readAllBytes(out.resolve(DeferredSegmentor.PARAMS_FILE));

        Files.write(state, afterOne);
        assertThatThrownBy(() -> DeferralTraining.train(TINY, SETTINGS.withEpochs(3), out, true, p -> { }))
                .hasMessageContaining("after step 2").hasMessageContaining("from step 4");
        Files.delete(state);
        assertThatThrownBy(() -> DeferralTraining.train(TINY, SETTINGS.withEpochs(3), out, true, p -> { }))
                .hasMessageContaining("no optimiser state");
        assertThat(Files.readAllBytes(out.resolve(DeferredSegmentor.PARAMS_FILE))).isEqualTo(weights);
    }

    @Test
    void resumeRefusesAnIncompatibleCheckpointOrNone() throws Exception {
        assertThatThrownBy(() -> DeferralTraining.train(TINY, SETTINGS, dir.resolve("none"), true, p -> { }))
                .hasMessageContaining("no checkpoint");
        Path out = dir.resolve("w");
        DeferralTraining.train(TINY, SETTINGS.withEpochs(1), out, false, p -> { }).close();
        TrainingSettings wider = new TrainingSettings(6, 2, 4, 0.01f, 3, 0.7, 0.1, 0.05);
        assertThatThrownBy(() -> DeferralTraining.train(TINY, wider, out, true, p -> { }))
                .hasMessageContaining("width=4").hasMessageContaining("width=6");
    }

    @Test
    void anyNumberOfExpertsFromOneToFive() throws Exception {
        for (int k : new int[] {1, 5}) {
            SegmentationDataset data = SyntheticPhantoms.generate(11, 4, 32, k);
            try (DeferredSegmentor model = DeferralTraining.train(data, SETTINGS.withEpochs(1), dir.resolve("k" + k),
                    false, p -> { })) {
                RoutedImage routed = model.segment(data.cases().get(0).image(), data.cases().get(0).box(),
                        InferenceControls.UNCONSTRAINED);
                assertThat(model.experts()).isEqualTo(k);
                assertThat(routed.deferralMap().workload()).hasSize(k);
            }
        }
    }
}
