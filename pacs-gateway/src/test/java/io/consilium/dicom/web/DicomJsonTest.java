package io.consilium.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DicomJsonTest {

    private static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);
    private static final Tag PATIENT_ID = new Tag(0x0010, 0x0020);
    private static final Tag SLICE_THICKNESS = new Tag(0x0018, 0x0050);
    private static final Tag ROWS = new Tag(0x0028, 0x0010);
    private static final Tag PIXEL_SPACING = new Tag(0x0028, 0x0030);
    private static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);
    private static final Tag REFERENCED_SERIES = new Tag(0x0008, 0x1115);
    private static final Tag SERIES_UID = new Tag(0x0020, 0x000E);

    @Test
    void readsTheStandardsExample() {
        String json = """
                [{
                  "00080005": {"vr": "CS", "Value": ["ISO_IR 192"]},
                  "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎",
                                                       "Phonetic": "やまだ^たろう"}]},
                  "00100020": {"vr": "LO", "Value": ["12345"]},
                  "00181110": {"vr": "DS", "Value": [1.5]},
                  "00200013": {"vr": "IS", "Value": [7]},
                  "00280010": {"vr": "US", "Value": [512]},
                  "00209161": {"vr": "UI"},
                  "00081115": {"vr": "SQ", "Value": [{"0020000E": {"vr": "UI", "Value": ["1.2.3"]}}]},
                  "00091010": {"vr": "OB", "InlineBinary": "AQID"},
                  "00200037": {"vr": "DS", "Value": [1, 0, 0, 0, 1, 0]},
                  "00080061": {"vr": "CS", "Value": ["CT", null, "MR"]}
                }]
                """;
        Dataset ds = DicomJson.read(json.getBytes(StandardCharsets.UTF_8)).get(0);

        assertThat(ds.text(PATIENT_NAME)).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(ds.string(PATIENT_ID)).isEqualTo("12345");
        assertThat(ds.doubleValue(new Tag(0x0018, 0x1110), 0)).isEqualTo(1.5);
        assertThat(ds.intValue(new Tag(0x0020, 0x0013), 0)).isEqualTo(7);
        assertThat(ds.get(ROWS).vr()).isEqualTo(VR.US);
        assertThat(ds.intValue(ROWS, 0)).isEqualTo(512);
        assertThat(ds.get(new Tag(0x0020, 0x9161)).length()).isZero();
        assertThat(ds.sequence(REFERENCED_SERIES)).singleElement()
                .satisfies(item -> assertThat(item.string(SERIES_UID)).isEqualTo("1.2.3"));
        assertThat(ds.get(new Tag(0x0009, 0x1010)).bytes()).containsExactly(1, 2, 3);
        assertThat(ds.doubles(new Tag(0x0020, 0x0037))).containsExactly(1, 0, 0, 0, 1, 0);
        assertThat(ds.strings(new Tag(0x0008, 0x0061))).containsExactly("CT", "", "MR");
    }

    @Test
    void roundTripsNamesNumbersBinaryAndSequences() throws IOException {
        var item = new Dataset().putString(SERIES_UID, VR.UI, "1.2.840.99");
        var ds = new Dataset()
                .putString(Dataset.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 100")
                .putString(PATIENT_NAME, VR.PN, "Müller^Jörg")
                .putString(PATIENT_ID, VR.LO, "PID-1")
                .putDoubles(SLICE_THICKNESS, VR.DS, 2.5)
                .putDoubles(PIXEL_SPACING, VR.DS, 0.75, 0.5)
                .putInts(ROWS, VR.US, 64)
                .putDoubles(new Tag(0x0018, 0x9087), VR.FD, 1000.25)
                .putInts(new Tag(0x0028, 0x0106), VR.SS, -5)
                .putSequence(REFERENCED_SERIES, List.of(item))
                .put(DicomElement.of(PIXEL_DATA, VR.OW, new byte[] {1, 2, 3, 4}));

        Dataset back = DicomJson.read(DicomJson.write(List.of(ds))).get(0);

        assertThat(back.string(PATIENT_NAME)).isEqualTo("Müller^Jörg");
        assertThat(back.string(PATIENT_ID)).isEqualTo("PID-1");
        assertThat(back.doubleValue(SLICE_THICKNESS, 0)).isEqualTo(2.5);
        assertThat(back.doubles(PIXEL_SPACING)).containsExactly(0.75, 0.5);
        assertThat(back.intValue(ROWS, 0)).isEqualTo(64);
        assertThat(back.doubleValue(new Tag(0x0018, 0x9087), 0)).isEqualTo(1000.25);
        assertThat(back.intValue(new Tag(0x0028, 0x0106), 0)).isEqualTo(-5);
        assertThat(back.sequence(REFERENCED_SERIES).get(0).string(SERIES_UID)).isEqualTo("1.2.840.99");
        assertThat(back.get(PIXEL_DATA).bytes()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void writesPersonNameGroupsAndNumbersAsTheStandardSays() throws IOException {
        var ds = new Dataset()
                .putString(Dataset.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192")
                .putString(PATIENT_NAME, VR.PN, "Yamada^Tarou=山田^太郎")
                .putString(new Tag(0x0020, 0x0013), VR.IS, "12")
                .putString(SLICE_THICKNESS, VR.DS, "1.50");
        var out = new ByteArrayOutputStream();
        DicomJson.write(List.of(ds), out, e -> e.tag().equals(PIXEL_DATA) ? "http://x/bulk" : null);
        String json = out.toString(StandardCharsets.UTF_8);

        assertThat(json).contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\","
                + "\"Ideographic\":\"山田^太郎\"}]}");
        assertThat(json).contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[12]}");
        assertThat(json).contains("\"00180050\":{\"vr\":\"DS\",\"Value\":[1.50]}");
    }

    @Test
    void bulkDataUrisAreLoadedOrLeftOutOnlyWhenAsked() throws IOException {
        var ds = new Dataset().putInts(ROWS, VR.US, 2).put(DicomElement.of(PIXEL_DATA, VR.OW, new byte[] {9, 8}));
        var out = new ByteArrayOutputStream();
        DicomJson.write(List.of(ds), out, e -> e.tag().equals(PIXEL_DATA) ? "http://pacs/bulk/7FE00010" : null);
        byte[] json = out.toByteArray();
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"http://pacs/bulk/7FE00010\"}");

        Dataset loaded = DicomJson.read(new ByteArrayInputStream(json),
                uri -> uri.endsWith("7FE00010") ? new byte[] {9, 8} : null).get(0);
        assertThat(loaded.get(PIXEL_DATA).bytes()).containsExactly(9, 8);
        Dataset omitted = DicomJson.read(new ByteArrayInputStream(json), DicomJson.BulkDataLoader.OMIT).get(0);
        assertThat(omitted.contains(PIXEL_DATA)).isFalse();
        assertThat(omitted.intValue(ROWS, 0)).isEqualTo(2);
        assertThatThrownBy(() -> DicomJson.read(json)).isInstanceOf(DicomWebException.class)
                .hasMessageContaining("BulkDataURI");
    }

    @Test
    void malformedJsonIsRefusedNamingTheAttribute() {
        assertThatThrownBy(() -> DicomJson.read("{not json".getBytes()))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> DicomJson.read("[{\"0010001\":{\"vr\":\"PN\"}}]".getBytes()))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("'0010001' is not a tag");
        assertThatThrownBy(() -> DicomJson.read("[{\"00280010\":{\"vr\":\"US\",\"Value\":[\"x\"]}}]".getBytes()))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("(0028,0010)");
        assertThatThrownBy(() -> DicomJson.read("[{\"00280010\":{\"Value\":[1]}}]".getBytes()))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("no \"vr\"");
    }
}
