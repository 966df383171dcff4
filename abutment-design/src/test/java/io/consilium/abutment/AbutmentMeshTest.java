package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbutmentMeshTest {

    private static Map<String, Double> parameters(Design d) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (DesignParameter p : DesignParameter.values()) {
            map.put(p.key(), d.get(p));
        }
        return map;
    }

    @Test
    void theMeshIsAClosedOutwardFacingRing(@TempDir Path dir) throws Exception {
        SitePlan site = CasePlan.of(Cases.bridge()).sites().get(1);
        Design d = DesignConstraintsTest.typical(site);
        d.set(DesignParameter.SCREW_CHANNEL_ANGLE, 12);
        AbutmentMesh mesh = AbutmentMesh.of(4.1, parameters(d));

        assertThat(mesh.isWatertight()).isTrue();
        assertThat(mesh.volume()).isBetween(60.0, 400.0);
        Path file = dir.resolve("36.stl");
        mesh.writeStl(file, "Consilium abutment 36");
        byte[] stl = Files.readAllBytes(file);
        assertThat(stl.length).isEqualTo(84 + 50 * mesh.triangleCount());
        assertThat(ByteBuffer.wrap(stl, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(mesh.triangleCount());
        assertThat(AbutmentMesh.isWatertightStl(stl)).isTrue();
        // A file with one triangle missing is no longer watertight.
        byte[] cut = new byte[stl.length - 50];
        System.arraycopy(stl, 0, cut, 0, cut.length);
        ByteBuffer.wrap(cut, 80, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(mesh.triangleCount() - 1);
        assertThat(AbutmentMesh.isWatertightStl(cut)).isFalse();
    }

    @Test
    void theMeshWallIsAsThickAsTheDesignStates() {
        for (SitePlan site : CasePlan.of(Cases.bridge()).sites()) {
            for (double screw : List.of(0.0, 10.0, 18.0)) {
                Design d = DesignConstraintsTest.typical(site);
                d.set(DesignParameter.SCREW_CHANNEL_ANGLE, screw);
                double stated = DesignConstraints.wallThickness(site, d);
                double measured = AbutmentMesh.of(site.platform().diameterMm(), parameters(d)).minimumWallThickness();
                // The design's figure is conservative: the solid is never thinner than stated.
                assertThat(measured).as("tooth %s, channel %.0f deg", site.tooth(), screw)
                        .isGreaterThanOrEqualTo(stated - 0.01).isLessThan(stated + 0.25);
            }
        }
    }

    @Test
    void parametersThatDescribeNoSolidAreRefused() {
        SitePlan site = CasePlan.of(Cases.bridge()).sites().get(0);
        Design d = DesignConstraintsTest.typical(site);
        d.set(DesignParameter.TOTAL_HEIGHT, 1.0);
        assertThatThrownBy(() -> AbutmentMesh.of(4.1, parameters(d)))
                .hasMessageContaining("do not describe a solid abutment");
        Map<String, Double> missing = parameters(DesignConstraintsTest.typical(site));
        missing.remove("cuffHeight");
        assertThatThrownBy(() -> AbutmentMesh.of(4.1, missing)).hasMessageContaining("cuffHeight is missing");
    }
}
