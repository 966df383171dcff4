package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TagTest {

    @Test
    void parsesAndPrintsLikeDcmdump() {
        Tag patientName = Tag.parse("(0010,0010)");
        assertThat(patientName).isEqualTo(new Tag(0x0010, 0x0010));
        assertThat(patientName.toString()).isEqualTo("(0010,0010)");
        assertThat(Tag.parse("7fe00010").toString()).isEqualTo("(7fe0,0010)");
    }

    @Test
    void ordersUnsignedSoPixelDataAndItemsSortAfterPatientData() {
        assertThat(Tag.parse("(7FE0,0010)")).isGreaterThan(Tag.parse("(0010,0010)"));
        assertThat(Tag.ITEM).isGreaterThan(Tag.parse("(7FE0,0010)"));
    }

    @Test
    void oddGroupsArePrivate() {
        assertThat(Tag.parse("(0009,0010)").isPrivate()).isTrue();
        assertThat(Tag.parse("(0010,0010)").isPrivate()).isFalse();
    }

    @Test
    void rejectsTextThatIsNotATag() {
        assertThatThrownBy(() -> Tag.parse("(0010,00ZZ)")).hasMessageContaining("not a DICOM tag");
    }
}
