package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VolumeTest {

    @Test
    void shuffledSlicesAreOrderedAlongTheNormalWithSpacingAndDirection() {
        List<DicomFile> series = new ArrayList<>(SyntheticSeries.ct("1.2.826.0.1.3680043.10.1", 6, 8, 0.7, 2.5));
        Collections.shuffle(series, new Random(3));

        Volume volume = Volume.of(series);

        assertThat(volume.slices()).isEqualTo(6);
        assertThat(volume.spacing()).containsExactly(0.7, 0.7, 2.5);
        assertThat(volume.origin()).containsExactly(-100, -120, -50);
        assertThat(volume.direction()[2]).containsExactly(0, 0, 1);
        assertThat(volume.sopInstanceUids()).containsExactly("1.2.826.0.1.3680043.10.1.1", "1.2.826.0.1.3680043.10.1.2",
                "1.2.826.0.1.3680043.10.1.3", "1.2.826.0.1.3680043.10.1.4", "1.2.826.0.1.3680043.10.1.5",
                "1.2.826.0.1.3680043.10.1.6");
        assertThat(volume.voxel(3, 2, 4)).isEqualTo(4 * 10 + 5 - 1024f);
    }

    @Test
    void pixelCentresMapToPatientCoordinates() {
        DicomFile slice = SyntheticSeries.ct("1.2.3", 1, 4, 0.5, 1).get(0);
        var geometry = Volume.SliceGeometry.of(slice.dataset());
        assertThat(geometry.toPatient(2, 3)).containsExactly(-99, -118.5, -50);
        assertThat(geometry.normal()).containsExactly(0, 0, 1);
    }

    @Test
    void aMissingSliceIsReportedNotInterpolated() {
        List<DicomFile> series = new ArrayList<>(SyntheticSeries.ct("1.2.3", 5, 4, 1, 2));
        series.remove(2);
        assertThatThrownBy(() -> Volume.of(series)).hasMessageContaining("not evenly spaced")
                .hasMessageContaining("missing slice");
    }

    @Test
    void mixedSeriesAreRefused() {
        List<DicomFile> series = new ArrayList<>(SyntheticSeries.ct("1.2.3", 2, 4, 1, 2));
        series.addAll(SyntheticSeries.ct("1.2.4", 2, 4, 1, 2));
        assertThatThrownBy(() -> Volume.of(series)).hasMessageContaining("2 series");
    }
}
