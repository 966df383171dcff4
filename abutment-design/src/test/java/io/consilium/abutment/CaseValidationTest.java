package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad input gets a clear error naming the field, or an explicit warning; never a silent default. */
class CaseValidationTest {

    private static CasePlan plan(String json) {
        return CasePlan.of(AbutmentJson.readCase(json));
    }

    private static String bridge() {
        return Cases.json("bridge-35-37.json");
    }

    @Test
    void theExampleCaseIsValidAndPutIntoClinicalTerms() {
        CasePlan plan = plan(bridge());
        assertThat(plan.sites()).hasSize(3);
        assertThat(plan.bridges()).containsOnlyKeys("B1");
        SitePlan s36 = plan.sites().get(1);
        assertThat(s36.tooth().number()).isEqualTo(36);
        // Implant 36 leans towards buccal (x grows to the patient's left, 36 is on the left).
        assertThat(s36.tiltBuccalDeg()).isGreaterThan(10);
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void unknownImplantSystemNamesTheKnownOnes() {
        assertThatThrownBy(() -> plan(bridge().replaceFirst("Straumann BLT", "Acme Fixture")))
                .isInstanceOf(InvalidCaseException.class)
                .hasMessageContaining("sites[0].implant.system")
                .hasMessageContaining("unknown implant system 'Acme Fixture'")
                .hasMessageContaining("Straumann BLT");
    }

    @Test
    void platformDiameterMustMatchTheCatalogue() {
        assertThatThrownBy(() -> plan(bridge().replaceFirst("\"platformDiameterMm\": 4.1", "\"platformDiameterMm\": 4.8")))
                .hasMessageContaining("sites[0].implant.platformDiameterMm")
                .hasMessageContaining("does not match Straumann BLT RC (4.10 mm)");
    }

    @Test
    void negativeHeightsAreRefused() {
        assertThatThrownBy(() -> plan(bridge().replaceFirst("\"heightMm\": 3.2", "\"heightMm\": -1.0")))
                .hasMessageContaining("sites[0].softTissue.heightMm")
                .hasMessageContaining("is negative");
    }

    @Test
    void missingValuesAreNamedNotDefaulted() {
        assertThatThrownBy(() -> plan(bridge().replaceFirst("\"occlusalClearanceMm\": 7.0", "\"occlusalClearanceMm\": null")))
                .hasMessageContaining("sites[0].occlusalClearanceMm: is missing");
    }

    @Test
    void overlappingImplantsAreRefused() {
        String moved = bridge().replace("[22.6, -2.1, -10.8]", "[21.0, 3.5, -10.8]");
        assertThatThrownBy(() -> plan(moved)).hasMessageContaining("implants 35 and 36 overlap");
    }

    @Test
    void implantsCloserThanThreeMillimetresAreAWarning() {
        String close = bridge().replace("[22.6, -2.1, -10.8]", "[21.8, 0.0, -10.8]");
        assertThat(plan(close).warnings()).anyMatch(w -> w.contains("35 and 36 are") && w.contains("less than the 3 mm"));
    }

    @Test
    void anAxisIntoTheBoneIsRefused() {
        assertThatThrownBy(() -> plan(bridge().replace("[0.21, 0.12, 0.9703]", "[0.21, 0.12, -0.9703]")))
                .hasMessageContaining("sites[1].implant.axis").hasMessageContaining("more than 45 degrees");
    }

    @Test
    void aToothOnTheWrongSideIsRefused() {
        assertThatThrownBy(() -> plan(bridge().replace("[20.1, 5.6, -10.5]", "[-20.1, 5.6, -10.5]")))
                .hasMessageContaining("tooth 35 is on the patient's left");
    }

    @Test
    void duplicateTeethAreRefused() {
        assertThatThrownBy(() -> plan(bridge().replace("\"tooth\": 37", "\"tooth\": 36")))
                .hasMessageContaining("tooth 36 appears twice");
    }

    @Test
    void emptyInstructionsGiveAWarning() {
        String empty = bridge().replaceFirst("\"instructions\": \"[^\"]*\"", "\"instructions\": \"  \"");
        assertThat(plan(empty).warnings()).anyMatch(w -> w.startsWith("no clinical instructions given"));
    }

    @Test
    void contradictoryInstructionsGiveWarnings() {
        String text = bridge().replaceFirst("\"instructions\": \"[^\"]*\"",
                "\"instructions\": \"screw-retained, cement-retained, titanium and zirconia abutment, deeper margin, "
                        + "equigingival margin, correct the angulation of 46\"");
        CasePlan plan = plan(text);
        assertThat(plan.warnings())
                .anyMatch(w -> w.contains("both screw and cement retention"))
                .anyMatch(w -> w.contains("several abutment materials"))
                .anyMatch(w -> w.contains("both deeper/subgingival and shallow"))
                .anyMatch(w -> w.contains("mention tooth 46, which has no implant"));
    }

    @Test
    void unknownFieldsAndMalformedJsonAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> AbutmentJson.readCase(bridge().replace("\"mesialGapMm\": 3.6", "\"mesialGap\": 3.6")))
                .hasMessageContaining("sites[0].mesialGap").hasMessageContaining("Unrecognized field");
        assertThatThrownBy(() -> AbutmentJson.readCase("{\"caseId\": "))
                .isInstanceOf(InvalidCaseException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> AbutmentJson.readCase(""))
                .hasMessageContaining("the case JSON is empty");
        assertThatThrownBy(() -> plan(bridge().replace("monolithic zirconia", "gold")))
                .hasMessageContaining("unknown crown material 'gold'");
    }
}
