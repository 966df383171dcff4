package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticPhantomsTest {

    private static final SegmentationDataset DATA = SyntheticPhantoms.generate(5, 12, 64, 4);

    @Test
    void sameSeedSameCases() {
        SegmentationDataset again = SyntheticPhantoms.generate(5, 12, 64, 4);
        for (int i = 0; i < DATA.size(); i++) {
            assertThat(again.cases().get(i).image().pixels()).containsExactly(DATA.cases().get(i).image().pixels());
            assertThat(again.cases().get(i).reference()).containsExactly(DATA.cases().get(i).reference());
            assertThat(again.cases().get(i).box()).isEqualTo(DATA.cases().get(i).box());
        }
        assertThat(SyntheticPhantoms.generate(6, 1, 64, 4).cases().get(0).image().pixels())
                .isNotEqualTo(DATA.cases().get(0).image().pixels());
    }

    @Test
    void slicesLookLikeScansWithNoiseAndPartialVolumeEdges() {
        for (SegmentationCase c : DATA.cases()) {
            float[] px = c.image().pixels();
            int intermediate = 0;
            for (int p = 0; p < px.length; p++) {
                assertThat(px[p]).isBetween(0f, 1f);
            }
            // Noise: neighbouring pixels in flat air differ.
            assertThat(px[1]).isNotEqualTo(px[2]);
            // The target's edge pixels carry mixed intensities (partial volume), not a hard step.
            for (int p = 0; p < px.length; p++) {
                if (c.reference()[p] != c.reference()[Math.min(px.length - 1, p + 1)]) {
                    intermediate++;
                }
            }
            assertThat(intermediate).isGreaterThan(10);
            // The box encloses the whole reference structure.
            for (int p = 0; p < px.length; p++) {
                if (c.reference()[p] == 1) {
                    assertThat(c.box().contains(p % 64, p / 64)).isTrue();
                }
            }
        }
    }

    @Test
    void simulatedExpertsHaveDistinctStrengths() {
        long boundaryMissed = 0;
        long boundaryExtra = 0;
        long lowContrastErrors = 0;
        long noisyErrors = 0;
        long noisyOutsideBox = 0;
        long reference = 0;
        for (SegmentationCase c : DATA.cases()) {
            byte[] ref = c.reference();
            for (int p = 0; p < ref.length; p++) {
                reference += ref[p];
                byte b = c.expertMasks().get(0)[p];
                boundaryMissed += ref[p] == 1 && b == 0 ? 1 : 0;
                boundaryExtra += ref[p] == 0 && b == 1 ? 1 : 0;
                lowContrastErrors += c.expertMasks().get(1)[p] != ref[p] ? 1 : 0;
                boolean noisyWrong = c.expertMasks().get(2)[p] != ref[p];
                noisyErrors += noisyWrong ? 1 : 0;
                noisyOutsideBox += noisyWrong && !c.box().contains(p % 64, p / 64) ? 1 : 0;
            }
            // Expert 4 has the boundary profile again, drawn independently.
            assertThat(SimulatedExpert.ofExpert(4)).isEqualTo(SimulatedExpert.BOUNDARY);
        }
        // Boundary expert: only misses (the faint lobe), never paints outside the structure.
        assertThat(boundaryMissed).isPositive();
        assertThat(boundaryExtra).isZero();
        assertThat(lowContrastErrors).isPositive();
        assertThat(noisyErrors).isPositive();
        assertThat(noisyOutsideBox).isZero();
        assertThat(boundaryMissed).isLessThan(reference / 2);
    }
}
