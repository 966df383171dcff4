package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTest {

    /** 2x2 image, C = 2 (background, organ), K = 2 experts. */
    @Test
    void eachPixelGoesToItsArgmaxChannel() {
        float[][] scores = {
            {5, 0, 0, 0}, // background
            {0, 5, 0, 0}, // organ
            {0, 0, 5, 0}, // expert 1
            {0, 0, 0, 5}, // expert 2
        };

        RoutedImage routed = Routing.route(scores, 2, 2, 2);

        DeferralMap map = routed.deferralMap();
        assertThat(map.ownerAt(0, 0)).isZero();
        assertThat(map.ownerAt(1, 0)).isZero();
        assertThat(map.ownerAt(0, 1)).isEqualTo(1);
        assertThat(map.ownerAt(1, 1)).isEqualTo(2);
        assertThat(routed.aiClassAt(1, 0)).isEqualTo(1);
        assertThat(map.deferralRate()).isEqualTo(0.5);
        assertThat(map.workload()).containsExactly(1, 1);
    }

    @Test
    void confidenceIsTheWinningSoftmaxProbability() {
        float[][] scores = {{0}, {0}, {0}};
        RoutedImage routed = Routing.route(scores, 2, 1, 1);
        assertThat(routed.confidenceAt(0, 0)).isCloseTo(1f / 3, within(1e-6f));
    }

    @Test
    void aiClassIsKeptForDeferredPixelsToo() {
        float[][] scores = {{1}, {2}, {9}};
        RoutedImage routed = Routing.route(scores, 2, 1, 1);
        assertThat(routed.deferralMap().ownerAt(0, 0)).isEqualTo(1);
        assertThat(routed.aiClassAt(0, 0)).isEqualTo(1);
    }

    @Test
    void nonFiniteScoresAreRefusedWithThePixel() {
        float[][] scores = {{0, 0}, {0, Float.NaN}, {0, 0}};
        assertThatThrownBy(() -> Routing.route(scores, 2, 2, 1))
                .hasMessageContaining("channel 1 at pixel (1,0) is NaN");
        // An infinite score would win every comparison: the pixel's class and owner would be noise.
        float[][] infinite = {{0, 0}, {0, 0}, {Float.POSITIVE_INFINITY, 0}};
        assertThatThrownBy(() -> Routing.route(infinite, 2, 2, 1))
                .hasMessageContaining("channel 2 at pixel (0,0) is Infinity");
    }

    @Test
    void needsAtLeastOneExpertChannel() {
        assertThatThrownBy(() -> Routing.route(new float[][] {{0}, {0}}, 2, 1, 1))
                .hasMessageContaining("at least one class and one expert");
    }

    /** 10 pixels in a row; C = 2, K = 2: expert 1 beats the AI by a margin of p on pixel p. */
    private static float[][] rising() {
        float[][] scores = new float[4][10];
        for (int p = 0; p < 10; p++) {
            scores[0][p] = 0;
            scores[1][p] = -5;
            scores[2][p] = p + 0.5f;
            scores[3][p] = p;
        }
        return scores;
    }

    @Test
    void budgetKeepsOnlyTheStrongestDeferralsByShiftingExpertScores() {
        RoutedImage all = Routing.route(rising(), 2, 10, 1);
        assertThat(all.deferralMap().deferralRate()).isEqualTo(1.0);

        RoutedImage limited = Routing.route(rising(), 2, 10, 1, new InferenceControls(0.3, Set.of(), 0));

        assertThat(limited.deferralMap().deferralRate()).isEqualTo(0.3);
        for (int x = 0; x < 10; x++) {
            assertThat(limited.deferralMap().ownerAt(x, 0)).as("pixel %d", x).isEqualTo(x >= 7 ? 1 : 0);
        }
        assertThat(Routing.route(rising(), 2, 10, 1, new InferenceControls(0, Set.of(), 0)).deferralMap()
                .deferralRate()).isZero();
    }

    @Test
    void absentExpertsWorkGoesToTheNextBestExpert() {
        RoutedImage routed = Routing.route(rising(), 2, 10, 1, new InferenceControls(1, Set.of(1), 0));

        // Pixel 0: expert 2 only ties with the AI, and a tie stays with the AI.
        assertThat(routed.deferralMap().workload()).containsExactly(0, 9);
        RoutedImage nobody = Routing.route(rising(), 2, 10, 1, new InferenceControls(1, Set.of(1, 2), 0));
        assertThat(nobody.deferralMap().deferralRate()).isZero();
        assertThat(nobody.confidenceAt(0, 0)).isGreaterThan(0.99f);
    }

    @Test
    void deferredRegionsBelowTheMinimumSizeGoBackToTheAi() {
        // 6x1: a 1-pixel region of expert 1 and a 3-pixel region of expert 2.
        float[][] scores = {
            {0, 9, 0, 0, 0, 9},
            {0, 0, 0, 0, 0, 0},
            {5, 0, 0, 0, 0, 0},
            {0, 0, 5, 5, 5, 0},
        };
        RoutedImage kept = Routing.route(scores, 2, 6, 1, new InferenceControls(1, Set.of(), 2));

        assertThat(kept.deferralMap().ownerAt(0, 0)).isZero();
        assertThat(kept.deferralMap().workload()).containsExactly(0, 3);
        assertThat(Routing.route(scores, 2, 6, 1, new InferenceControls(1, Set.of(), 4)).deferralMap()
                .deferralRate()).isZero();
    }

    @Test
    void controlsRefuseNonsense() {
        assertThatThrownBy(() -> new InferenceControls(1.5, Set.of(), 0)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new InferenceControls(Double.NaN, Set.of(), 0)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new InferenceControls(0.1, Set.of(), -1)).hasMessageContaining(">= 0 pixels");
    }
}
