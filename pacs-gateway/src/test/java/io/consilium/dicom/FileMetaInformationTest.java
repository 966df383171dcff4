package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FileMetaInformationTest {

    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String INSTANCE = "1.2.826.0.1.3680043.8.498.1";

    @Test
    void readsSopAndTransferSyntaxAndStopsAtTheDataset() throws Exception {
        byte[] file = part10(explicitVrLittleEndian(), new byte[] {0x08, 0x00, 0x16, 0x00});
        var in = new ByteArrayInputStream(file);

        FileMetaInformation meta = FileMetaInformation.read(in);

        assertThat(meta.mediaStorageSopClassUid()).isEqualTo(CT_IMAGE_STORAGE);
        assertThat(meta.mediaStorageSopInstanceUid()).isEqualTo(INSTANCE);
        assertThat(meta.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(in.readAllBytes()).containsExactly(0x08, 0x00, 0x16, 0x00);
    }

    @Test
    void refusesAFileWithoutDicmPrefix() {
        byte[] file = new byte[200];
        assertThatThrownBy(() -> FileMetaInformation.read(new ByteArrayInputStream(file)))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("no 'DICM' prefix")
                .hasMessageContaining("offset 128");
    }

    @Test
    void truncatedFileNamesOffsetAndTag() {
        byte[] whole = part10(explicitVrLittleEndian(), new byte[0]);
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        assertThatThrownBy(() -> FileMetaInformation.read(new ByteArrayInputStream(cut)))
                .isInstanceOfSatisfying(DicomParseException.class, e -> {
                    assertThat(e.tag()).isEqualTo(Tag.TRANSFER_SYNTAX_UID);
                    assertThat(e.getMessage()).contains("file ends inside the value");
                });
    }

    @Test
    void unknownTransferSyntaxIsNamed() throws Exception {
        byte[] file = part10("1.2.840.10008.1.2.4.50", new byte[0]);
        FileMetaInformation meta = FileMetaInformation.read(new ByteArrayInputStream(file));
        assertThatThrownBy(meta::transferSyntax)
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessage("unsupported transfer syntax 1.2.840.10008.1.2.4.50");
    }

    private static String explicitVrLittleEndian() {
        return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
    }

    /** A minimal Part 10 file, encoded by hand as PS3.10 describes it. */
    private static byte[] part10(String transferSyntaxUid, byte[] dataset) {
        var group = new ByteArrayOutputStream();
        element(group, 0x0002, "UI", CT_IMAGE_STORAGE);
        element(group, 0x0003, "UI", INSTANCE);
        element(group, 0x0010, "UI", transferSyntaxUid);
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0x02, 0x00, 0x00, 0x00, 'U', 'L', 0x04, 0x00});
        int length = group.size();
        out.writeBytes(new byte[] {(byte) length, (byte) (length >> 8), 0, 0});
        out.writeBytes(group.toByteArray());
        out.writeBytes(dataset);
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, String uid) {
        byte[] value = uid.getBytes(StandardCharsets.US_ASCII);
        if (value.length % 2 == 1) {
            value = Arrays.copyOf(value, value.length + 1);
        }
        out.writeBytes(new byte[] {0x02, 0x00, (byte) element, (byte) (element >> 8), (byte) vr.charAt(0),
                (byte) vr.charAt(1), (byte) value.length, (byte) (value.length >> 8)});
        out.writeBytes(value);
    }
}
