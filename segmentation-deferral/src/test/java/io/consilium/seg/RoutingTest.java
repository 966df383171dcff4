package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void nanScoresAreRefusedWithThePixel() {
        float[][] scores = {{0, 0}, {0, Float.NaN}, {0, 0}};
        assertThatThrownBy(() -> Routing.route(scores, 2, 2, 1))
                .hasMessageContaining("channel 1 at pixel (1,0) is NaN");
    }

    @Test
    void needsAtLeastOneExpertChannel() {
        assertThatThrownBy(() -> Routing.route(new float[][] {{0}, {0}}, 2, 1, 1))
                .hasMessageContaining("at least one class and one expert");
    }
}
