package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstructionsTest {

    private final Instructions text = new Instructions(
            "Screw-retained zirconia, margin 0.5mm subgingival; correct the angulation of 36. Zirconia crown");

    @Test
    void aClauseNamingAToothAppliesOnlyToThatTooth() {
        assertThat(text.forSite(36).tokens()).contains("correct", "angulation", Tokenizer.TOOTH);
        assertThat(text.forSite(35).tokens()).doesNotContain("correct", "angulation", Tokenizer.TOOTH);
        assertThat(text.forSite(35).tokens()).contains("screw", "retained", "margin", "n0.50", "mm", "subgingival");
    }

    @Test
    void retentionAndRequestedMaterialAreRead() {
        Instructions.Scoped scoped = text.forSite(35);
        assertThat(scoped.retention()).isEqualTo(Instructions.Retention.SCREW);
        // "zirconia crown" names the crown; "screw-retained zirconia" names the abutment.
        assertThat(scoped.material()).contains(AbutmentMaterial.ZIRCONIA);
        assertThat(new Instructions("zirconia crown").forSite(35).material()).isEmpty();
        assertThat(new Instructions("cement-retained").forSite(11).retention())
                .isEqualTo(Instructions.Retention.CEMENT);
    }

    @Test
    void numbersAreBucketedAndBigramsStayInsideAClause() {
        assertThat(Tokenizer.token("0.55")).isEqualTo("n0.50");
        assertThat(Tokenizer.token("1")).isEqualTo("n1.00");
        assertThat(Tokenizer.features(text.forSite(35).tokens()))
                .contains("margin_n0.50", "screw_retained")
                .doesNotContain("zirconia_margin");
    }
}
