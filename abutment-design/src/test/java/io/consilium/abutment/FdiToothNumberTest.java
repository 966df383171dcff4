package io.consilium.abutment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.abutment.FdiToothNumber.Jaw;
import io.consilium.abutment.FdiToothNumber.ToothType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FdiToothNumberTest {

    @Test
    void lowerLeftFirstMolar() {
        FdiToothNumber tooth = FdiToothNumber.of(36);
        assertThat(tooth.jaw()).isEqualTo(Jaw.MANDIBLE);
        assertThat(tooth.type()).isEqualTo(ToothType.MOLAR);
        assertThat(tooth.isAnterior()).isFalse();
        assertThat(tooth).hasToString("36");
    }

    @Test
    void upperRightCanineIsAnterior() {
        FdiToothNumber tooth = FdiToothNumber.of(13);
        assertThat(tooth.jaw()).isEqualTo(Jaw.MAXILLA);
        assertThat(tooth.type()).isEqualTo(ToothType.CANINE);
        assertThat(tooth.isAnterior()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 19, 50, 55, 9, 0, -11})
    void numbersOutsideThePermanentDentitionAreRefused(int number) {
        assertThatThrownBy(() -> FdiToothNumber.of(number))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist in the permanent dentition");
    }

    @Test
    void materialsAreReadAsCliniciansWriteThem() {
        assertThat(AbutmentMaterial.parse("Lithium disilicate")).isEqualTo(AbutmentMaterial.LITHIUM_DISILICATE);
        assertThat(AbutmentMaterial.parse("zirconia").minimumWallThicknessMm()).isEqualTo(0.5);
        assertThatThrownBy(() -> AbutmentMaterial.parse("gold")).hasMessageContaining("unknown abutment material 'gold'");
    }
}
