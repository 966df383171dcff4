package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed default model against the baselines on a held-out synthetic set (a seed the model never saw
 * in training): it must beat the AI alone and "defer the least confident pixels to a random expert" at the
 * same deferral rate.
 */
class BundledModelTest {

    private static final long HELD_OUT_SEED = 20261127L;
    private static DeferredSegmentor model;
    private static SegmentationDataset heldOut;

    @BeforeAll
    static void load() {
        model = DeferredSegmentor.bundled(ModelCatalog.PHANTOM);
        heldOut = SyntheticPhantoms.generate(HELD_OUT_SEED, 40, 96, model.experts());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void cardSaysHowTheModelWasTrained() {
        assertThat(model.classes()).isEqualTo(2);
        assertThat(model.experts()).isEqualTo(3);
        assertThat(model.cardValue("training.seed")).isNotBlank();
        assertThat(Long.parseLong(model.cardValue("training.seed"))).isNotEqualTo(HELD_OUT_SEED);
        assertThat(model.cardValue("training.data")).startsWith("synthetic(");
    }

    @Test
    void beatsAiOnlyAndRandomExpertDeferralAtTheSameRate() {
        EvaluationReport report = Evaluation.evaluate(model, heldOut, InferenceControls.UNCONSTRAINED, 7, "bundled");

        assertThat(report.deferralRate()).isBetween(0.005, 0.5);
        assertThat(report.systemDice()).isGreaterThan(report.aiOnlyDice() + 0.02);
        assertThat(report.systemDice()).isGreaterThan(report.confidenceDeferralSystemDice() + 0.005);
        assertThat(report.systemDice()).isGreaterThan(report.randomDeferralSystemDice());
        assertThat(report.expertShare()).hasSize(3);
        assertThat(report.expertShare()[0] + report.expertShare()[1] + report.expertShare()[2])
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.ece()).isBetween(0.0, 0.2);
    }

    @Test
    void budgetCapsTheDeferralRateAndTheCurveRisesWithIt() {
        EvaluationReport report = Evaluation.evaluate(model, heldOut, new InferenceControls(0.05, Set.of(), 0), 7,
                "bundled");

        assertThat(report.deferralRate()).isLessThanOrEqualTo(0.05);
        assertThat(report.systemDice()).isGreaterThan(report.confidenceDeferralSystemDice());
        EvaluationReport.CurvePoint none = report.curve().get(0);
        assertThat(none.deferralRate()).isZero();
        assertThat(none.systemDice()).isEqualTo(report.aiOnlyDice());
        for (EvaluationReport.CurvePoint p : report.curve()) {
            assertThat(p.deferralRate()).isLessThanOrEqualTo(Math.min(p.budget(), 0.05) + 1e-9);
        }
    }

    @Test
    void absentExpertsGetNoWorkAndSmallRegionsAreDropped() {
        SegmentationCase c = heldOut.cases().get(0);
        RoutedImage free = model.segment(c.image(), c.box(), InferenceControls.UNCONSTRAINED);
        int busiest = free.deferralMap().workload()[0] >= free.deferralMap().workload()[1] ? 1 : 2;

        RoutedImage without = model.segment(c.image(), c.box(), new InferenceControls(1, Set.of(busiest), 0));
        assertThat(without.deferralMap().workload()[busiest - 1]).isZero();

        RoutedImage coarse = model.segment(c.image(), c.box(), new InferenceControls(1, Set.of(), 30));
        assertThat(coarse.deferralMap().deferralRate()).isLessThanOrEqualTo(free.deferralMap().deferralRate());
        assertThat(smallestRegion(coarse.deferralMap())).isGreaterThanOrEqualTo(30);
    }

    @Test
    void reportWritesJsonWithTheAgreedKeysAndAPlot(@TempDir Path dir) throws Exception {
        EvaluationReport report = Evaluation.evaluate(model, SyntheticPhantoms.generate(HELD_OUT_SEED, 5, 64, 3),
                InferenceControls.UNCONSTRAINED, 7, "bundled");
        String json = report.toJson();
        for (String key : new String[] {"cases", "pairs", "skipped", "ai_only_dice", "ai_only_dice_ci95", "system_dice",
            "system_dice_ci95", "confidence_deferral_system_dice", "random_deferral_system_dice", "reader_dice",
            "deferral_rate", "box_deferral_rate", "expert_share", "ece", "coverage_dice_curve"}) {
            assertThat(json).contains("\"" + key + "\"");
        }
        assertThat(report.toTable()).contains("Coverage-Dice curve").contains("Expert 2: ");
        Path png = dir.resolve("curve.png");
        report.writePlot(png);
        assertThat(Files.size(png)).isPositive();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(720);
    }

    private static int smallestRegion(DeferralMap map) {
        int w = map.width();
        int h = map.height();
        boolean[] seen = new boolean[w * h];
        int smallest = Integer.MAX_VALUE;
        for (int s = 0; s < w * h; s++) {
            if (seen[s] || map.ownerAt(s % w, s / w) == 0) {
                continue;
            }
            int owner = map.ownerAt(s % w, s / w);
            java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
            queue.add(s);
            seen[s] = true;
            int size = 0;
            while (!queue.isEmpty()) {
                int p = queue.poll();
                size++;
                int x = p % w;
                int y = p / w;
                int[][] next = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (int[] n : next) {
                    if (n[0] >= 0 && n[0] < w && n[1] >= 0 && n[1] < h) {
                        int q = n[1] * w + n[0];
                        if (!seen[q] && map.ownerAt(n[0], n[1]) == owner) {
                            seen[q] = true;
                            queue.add(q);
                        }
                    }
                }
            }
            smallest = Math.min(smallest, size);
        }
        return smallest;
    }
}
