package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpertSpecialisationTest {

    private final List<String> styles = new ArrayList<>();
    private final List<double[]> gates = new ArrayList<>();

    private void sites(String style, int count, double... gate) {
        for (int i = 0; i < count; i++) {
            styles.add(style);
            gates.add(gate);
        }
    }

    @Test
    void anExpertPerStyleCarriesAllTheStyleInformation() {
        sites("AESTHETIC", 10, 0.9, 0.05, 0.05);
        sites("CONSERVATIVE", 10, 0.1, 0.8, 0.1);
        sites("STRENGTH", 10, 0.0, 0.3, 0.7);

        ExpertSpecialisation s = ExpertSpecialisation.of(styles, gates);

        assertThat(s.styleEntropyBits()).isCloseTo(Math.log(3) / Math.log(2), within(1e-4));
        assertThat(s.mutualInformationBits()).isCloseTo(s.styleEntropyBits(), within(1e-4));
        assertThat(s.normalisedMutualInformation()).isEqualTo(1.0);
        assertThat(s.dominantExpertByStyle()).containsOnlyKeys("AESTHETIC", "CONSERVATIVE", "STRENGTH");
        assertThat(s.dominantExpertByStyle().get("AESTHETIC"))
                .isEqualTo(new ExpertSpecialisation.DominantExpert(1, 0.9, 1.0));
        assertThat(s.dominantExpertByStyle().get("STRENGTH"))
                .isEqualTo(new ExpertSpecialisation.DominantExpert(3, 0.7, 1.0));
    }

    @Test
    void aGateThatIgnoresTheStyleCarriesNoInformation() {
        sites("AESTHETIC", 7, 0.2, 0.5, 0.3);
        sites("STRENGTH", 13, 0.2, 0.5, 0.3);

        ExpertSpecialisation s = ExpertSpecialisation.of(styles, gates);

        assertThat(s.mutualInformationBits()).isZero();
        assertThat(s.normalisedMutualInformation()).isZero();
        assertThat(s.dominantExpertByStyle().get("AESTHETIC"))
                .isEqualTo(new ExpertSpecialisation.DominantExpert(2, 0.5, 1.0));
    }

    @Test
    void twoStylesSharingAnExpertLoseTheBitThatTellsThemApart() {
        sites("AESTHETIC", 10, 0.6, 0.4);
        sites("CONSERVATIVE", 6, 0.7, 0.3);
        sites("CONSERVATIVE", 4, 0.4, 0.6);
        sites("STRENGTH", 10, 0.1, 0.9);

        ExpertSpecialisation s = ExpertSpecialisation.of(styles, gates);

        // Top expert: 1 for 16 sites, 2 for 14; I = H(top) - H(top | style) = H(16/30) - (1/3) H(0.6).
        double expected = entropy(16 / 30.0) - entropy(0.6) / 3;
        assertThat(s.mutualInformationBits()).isCloseTo(expected, within(1e-4));
        assertThat(s.normalisedMutualInformation()).isCloseTo(expected / (Math.log(3) / Math.log(2)), within(1e-4));
        assertThat(s.dominantExpertByStyle().get("CONSERVATIVE").expert()).isEqualTo(1);
        assertThat(s.dominantExpertByStyle().get("CONSERVATIVE").meanGateWeight()).isCloseTo(0.58, within(1e-4));
        assertThat(s.dominantExpertByStyle().get("CONSERVATIVE").topExpertShare()).isCloseTo(0.6, within(1e-4));
    }

    @Test
    void refusesGatesThatDoNotMatchTheSites() {
        sites("AESTHETIC", 2, 1.0);
        gates.remove(1);

        assertThatThrownBy(() -> ExpertSpecialisation.of(styles, gates))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 styles and 1 gates");
    }

    private static double entropy(double p) {
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }
}
