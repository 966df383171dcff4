package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StlExportTest {

    /** The bundled model's proposal for the example bridge (computed once: loading the weights is the slow part). */
    private static final AbutmentProposal PROPOSAL;

    static {
        try (AbutmentDesigner designer = AbutmentDesigner.bundled()) {
            PROPOSAL = designer.propose(Cases.bridge());
        }
    }

    @Test
    void oneImplantsStlIsTheFileTheCaseExportWrites(@TempDir Path dir) throws Exception {
        AbutmentCase bridge = Cases.bridge();
        AbutmentProposal proposal = PROPOSAL;
        StlExport.Result written = StlExport.write(bridge, proposal, dir);

        assertThat(written.exported()).hasSize((int) proposal.abutments().stream()
                .filter(AbutmentProposal.Abutment::feasible).count()).isNotEmpty();
        for (StlExport.Exported file : written.exported()) {
            StlExport.CheckedStl one = StlExport.stl(bridge, proposal, file.tooth());
            assertThat(one.stl()).isEqualTo(Files.readAllBytes(file.file()));
            assertThat(one.triangles()).isEqualTo(file.triangles());
            assertThat(one.wallThicknessMm()).isGreaterThanOrEqualTo(one.requiredWallThicknessMm());
        }
        assertThatThrownBy(() -> StlExport.stl(bridge, proposal, 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no abutment on tooth 99");
    }

    @Test
    void aWallThinnerThanTheMaterialAllowsIsNamedAndNoFileIsLeft(@TempDir Path dir) {
        AbutmentCase bridge = Cases.bridge();
        AbutmentProposal proposal = PROPOSAL;
        // A screw channel tilted far beyond the rules cuts through the wall (a dentist's unchecked edit).
        AbutmentProposal.Abutment first = proposal.abutments().get(0);
        var parameters = new HashMap<>(first.parameters());
        var angle = parameters.get(DesignParameter.SCREW_CHANNEL_ANGLE.key());
        parameters.put(DesignParameter.SCREW_CHANNEL_ANGLE.key(),
                new AbutmentProposal.Estimate(40.0, angle.low(), angle.high(), angle.unit()));
        var tilted = new AbutmentProposal.Abutment(first.tooth(), parameters, first.angulationCorrection(),
                first.material(), first.experts(), first.adjustments(), true, List.of(),
                first.minimumWallThicknessMm());
        var edited = new AbutmentProposal(proposal.caseId(), proposal.model(), List.of(tilted), proposal.bridges(),
                proposal.warnings());

        assertThatThrownBy(() -> StlExport.stl(bridge, edited, first.tooth()))
                .isInstanceOfSatisfying(MeshCheckException.class, e -> assertThat(e.tooth()).isEqualTo(first.tooth()))
                .hasMessageContaining("thinnest wall");
        assertThatThrownBy(() -> StlExport.write(bridge, edited, dir)).isInstanceOf(MeshCheckException.class);
        assertThat(dir.resolve("abutment-" + first.tooth() + ".stl")).doesNotExist();
    }
}
