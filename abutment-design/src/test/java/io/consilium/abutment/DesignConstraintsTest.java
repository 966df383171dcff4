package io.consilium.abutment;

import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_BUCCAL;
import static io.consilium.abutment.DesignParameter.ANGULATION_CORRECTION_MESIAL;
import static io.consilium.abutment.DesignParameter.MARGIN_HEIGHT_BUCCAL;
import static io.consilium.abutment.DesignParameter.SCREW_CHANNEL_ANGLE;
import static io.consilium.abutment.DesignParameter.TOTAL_HEIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Projection onto the feasible set: every correction reported, conflicts flagged as infeasible with the reason. */
class DesignConstraintsTest {

    private final DesignConstraints constraints = new DesignConstraints(5.0);

    /** A plausible molar design: margins 0.5 mm subgingival, 4 mm chimney. */
    static Design typical(SitePlan s) {
        double h = s.softTissueHeightMm();
        double[] v = new double[DesignParameter.COUNT];
        v[MARGIN_HEIGHT_BUCCAL.ordinal()] = h - 0.5;
        v[DesignParameter.MARGIN_HEIGHT_LINGUAL.ordinal()] = h - 0.3;
        v[DesignParameter.MARGIN_HEIGHT_MESIAL.ordinal()] = h;
        v[DesignParameter.MARGIN_HEIGHT_DISTAL.ordinal()] = h;
        v[DesignParameter.EMERGENCE_ANGLE.ordinal()] = 18;
        v[DesignParameter.CUFF_HEIGHT.ordinal()] = 1.0;
        v[TOTAL_HEIGHT.ordinal()] = h + 4.0;
        v[DesignParameter.MARGIN_DIAMETER_MESIODISTAL.ordinal()] = 6.0;
        v[DesignParameter.MARGIN_DIAMETER_BUCCOLINGUAL.ordinal()] = 6.5;
        return new Design(v, AbutmentMaterial.ZIRCONIA);
    }

    private static List<Design> typical(CasePlan plan) {
        List<Design> designs = new ArrayList<>();
        plan.sites().forEach(s -> designs.add(typical(s)));
        return designs;
    }

    @Test
    void aFeasibleDesignIsLeftAlone() {
        CasePlan plan = CasePlan.of(Cases.bridgeWith("titanium abutment"));
        List<Design> designs = typical(plan);
        designs.forEach(d -> d.material = AbutmentMaterial.TITANIUM);
        // Correct each abutment to vertical so the bridge shares one path.
        for (int i = 0; i < designs.size(); i++) {
            designs.get(i).set(ANGULATION_CORRECTION_MESIAL, -plan.sites().get(i).tiltMesialDeg());
            designs.get(i).set(ANGULATION_CORRECTION_BUCCAL, -plan.sites().get(i).tiltBuccalDeg());
        }
        assertThat(constraints.violations(plan, designs)).isEmpty();
        DesignConstraints.Projection p = constraints.project(plan, designs);
        assertThat(p.adjustments()).allMatch(List::isEmpty);
        assertThat(p.infeasible()).allMatch(List::isEmpty);
    }

    @Test
    void violationsAreCorrectedAndEachCorrectionIsReported() {
        CasePlan plan = CasePlan.of(Cases.bridgeWith("cement-retained titanium abutment"));
        List<Design> designs = typical(plan);
        Design d = designs.get(0);
        d.set(MARGIN_HEIGHT_BUCCAL, plan.sites().get(0).softTissueHeightMm() - 1.8); // too deep when cemented
        d.set(SCREW_CHANNEL_ANGLE, 40);
        d.set(TOTAL_HEIGHT, 20);
        d.set(ANGULATION_CORRECTION_BUCCAL, 45);

        assertThat(DesignConstraints.count(constraints.violations(plan, designs)))
                .containsKeys(Constraint.REQUESTED_MATERIAL, Constraint.MARGIN_DEPTH, Constraint.SCREW_CHANNEL_ANGLE,
                        Constraint.OCCLUSAL_CLEARANCE, Constraint.ANGULATION_CORRECTION, Constraint.PATH_OF_INSERTION);
        DesignConstraints.Projection p = constraints.project(plan, designs);

        assertThat(constraints.violations(plan, p.designs())).isEmpty();
        assertThat(p.infeasible()).allMatch(List::isEmpty);
        Design fixed = p.designs().get(0);
        assertThat(fixed.material).isEqualTo(AbutmentMaterial.TITANIUM);
        assertThat(plan.sites().get(0).softTissueHeightMm() - fixed.get(MARGIN_HEIGHT_BUCCAL)).isEqualTo(1.0,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fixed.get(SCREW_CHANNEL_ANGLE)).isLessThanOrEqualTo(25);
        assertThat(fixed.correctionMagnitude()).isLessThanOrEqualTo(30 + 1e-9);
        assertThat(p.adjustments().get(0)).extracting(AbutmentProposal.Adjustment::constraint)
                .contains(Constraint.REQUESTED_MATERIAL, Constraint.MARGIN_DEPTH, Constraint.SCREW_CHANNEL_ANGLE,
                        Constraint.OCCLUSAL_CLEARANCE, Constraint.PATH_OF_INSERTION);
        assertThat(DesignConstraints.maxPathDeviation(plan, p.designs(), plan.sites())).isLessThanOrEqualTo(5.0);
        // The input designs are not modified.
        assertThat(d.get(SCREW_CHANNEL_ANGLE)).isEqualTo(40);
    }

    @Test
    void thePathOfInsertionToleranceIsConfigurable() {
        CasePlan plan = CasePlan.of(Cases.bridgeWith("titanium abutment"));
        DesignConstraints strict = new DesignConstraints(1.0);
        DesignConstraints.Projection p = strict.project(plan, typical(plan));
        assertThat(DesignConstraints.maxPathDeviation(plan, p.designs(), plan.sites())).isLessThanOrEqualTo(1.0);
        assertThat(DesignConstraints.maxPathDeviation(plan, typical(plan), plan.sites())).isGreaterThan(5.0);
    }

    @Test
    void aConflictIsFlaggedInfeasibleWithItsReason() {
        // PEEK needs 1.0 mm walls; a 4.1 mm platform around a 1.6 mm channel leaves 1.25 mm at the cuff, but an
        // occlusal clearance of 2 mm leaves no room for a 3 mm chimney.
        String json = Cases.json("bridge-35-37.json").replaceFirst("\"occlusalClearanceMm\": 7.0",
                "\"occlusalClearanceMm\": 2.0");
        AbutmentCase c = AbutmentJson.readCase(json);
        CasePlan plan = CasePlan.of(new AbutmentCase(c.caseId(), c.crownMaterial(), "peek abutment", c.sites()));
        DesignConstraints.Projection p = constraints.project(plan, typical(plan));
        assertThat(p.infeasible().get(0)).anyMatch(r -> r.startsWith("OCCLUSAL_CLEARANCE") && r.contains("room for"));
    }

    @Test
    void thinWallsAreFixedByReducingTheChannelTiltOrWideningTheMargin() {
        CasePlan plan = CasePlan.of(Cases.bridgeWith("zirconia abutment, angled screw channel"));
        List<Design> designs = typical(plan);
        Design d = designs.get(0);
        d.set(SCREW_CHANNEL_ANGLE, 25);
        d.set(DesignParameter.MARGIN_DIAMETER_MESIODISTAL, 4.8);
        d.set(DesignParameter.MARGIN_DIAMETER_BUCCOLINGUAL, 4.8);
        assertThat(DesignConstraints.wallThickness(plan.sites().get(0), d)).isLessThan(0.5);
        DesignConstraints.Projection p = constraints.project(plan, designs);
        Design fixed = p.designs().get(0);
        assertThat(DesignConstraints.wallThickness(plan.sites().get(0), fixed)).isGreaterThanOrEqualTo(0.5);
        assertThat(p.adjustments().get(0)).anyMatch(a -> a.constraint() == Constraint.WALL_THICKNESS);
    }
}
