package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** A copy sent again: what a sender may change is not a conflict, anything else is. */
class SameInstanceTest {

    private static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);

    @Test
    void groupLengthsTrailingPaddingAndTheTransferSyntaxDoNotMakeAnotherInstance() throws Exception {
        DicomFile sent = read("MR_small.dcm");
        DicomFile padded = roundTrip(sent, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        padded.dataset().put(DicomElement.of(new Tag(0x0010, 0x0000), VR.UL, le(42)));
        padded.dataset().put(DicomElement.of(new Tag(0x0028, 0x0000), VR.UL, le(96)));
        padded.dataset().put(DicomElement.of(SameInstance.TRAILING_PADDING, VR.OB, new byte[16]));

        assertThat(SameInstance.content(sent, padded)).isTrue();
        for (TransferSyntax syntax : new TransferSyntax[] {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN}) {
            assertThat(SameInstance.content(sent, roundTrip(sent, syntax))).as(syntax.title()).isTrue();
        }
        // The same image as pydicom's corpus holds it in other syntaxes, padded, and losslessly compressed.
        for (String copy : new String[] {"MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_padded.dcm",
                "MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm"}) {
            assertThat(SameInstance.content(sent, read(copy))).as(copy).isTrue();
        }
    }

    @Test
    void losslessCompressionIsTheSameInstanceAndOnePixelMoreIsNot() throws Exception {
        DicomFile rle = read("MR_small_RLE.dcm");
        DicomFile plain = roundTrip(rle.transcode(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(SameInstance.content(rle, plain)).isTrue();

        ByteBuffer pixels = plain.dataset().get(PixelData.PIXEL_DATA).value();
        byte[] changed = new byte[pixels.remaining()];
        pixels.get(changed);
        changed[1000] ^= 1;
        plain.dataset().put(DicomElement.of(PixelData.PIXEL_DATA, VR.OW, changed));
        assertThat(SameInstance.content(rle, plain)).isFalse();
    }

    @Test
    void otherContentUnderTheSameUidIsAnotherInstance() throws Exception {
        DicomFile sent = read("MR_small.dcm");
        DicomFile renamed = roundTrip(sent, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        renamed.dataset().putString(PATIENT_NAME, VR.PN, "Other^Patient");
        assertThat(SameInstance.content(sent, renamed)).isFalse();

        DicomFile fewer = roundTrip(sent, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        fewer.dataset().remove(PATIENT_NAME);
        assertThat(SameInstance.content(sent, fewer)).isFalse();
    }

    private static DicomFile read(String name) throws Exception {
        return DicomFile.read(DicomCodecTest.DATA.resolve("test_files").resolve(name));
    }

    private static DicomFile roundTrip(DicomFile file, TransferSyntax syntax) throws IOException, DicomParseException {
        var out = new ByteArrayOutputStream();
        file.transcode(syntax).write(out);
        return DicomFile.read(out.toByteArray());
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
