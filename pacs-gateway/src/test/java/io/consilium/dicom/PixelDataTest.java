package io.consilium.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PixelDataTest {

    /** A 2x2 monochrome image with signed 16-bit stored values. */
    private static Dataset mono(String photometric, int... values) {
        var ds = new Dataset();
        ds.putInts(PixelData.SAMPLES_PER_PIXEL, VR.US, 1);
        ds.putString(PixelData.PHOTOMETRIC, VR.CS, photometric);
        ds.putInts(PixelData.ROWS, VR.US, 2);
        ds.putInts(PixelData.COLUMNS, VR.US, 2);
        ds.putInts(PixelData.BITS_ALLOCATED, VR.US, 16);
        ds.putInts(PixelData.BITS_STORED, VR.US, 12);
        ds.putInts(PixelData.PIXEL_REPRESENTATION, VR.US, 1);
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        ds.put(DicomElement.of(PixelData.PIXEL_DATA, VR.OW, b.array()));
        return ds;
    }

    private static PixelData pixels(Dataset ds) {
        return PixelData.of(new DicomFile(null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    private static int[] gray(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }

    @Test
    void storedValuesKeepBitsStoredAndSign() {
        // 0xF800 has garbage above bit 11 and is -2048 in 12-bit two's complement.
        assertThat(pixels(mono("MONOCHROME2", 0x0800, 0x07FF, -1, 5)).storedValues(0))
                .containsExactly(-2048, 2047, -1, 5);
    }

    @Test
    void rescaleGivesHounsfieldUnitsAndWindowMapsToGrey() {
        Dataset ds = mono("MONOCHROME2", 0, 1024, 1064, 2047);
        ds.putDoubles(PixelData.RESCALE_SLOPE, VR.DS, 1);
        ds.putDoubles(PixelData.RESCALE_INTERCEPT, VR.DS, -1024);
        ds.putDoubles(PixelData.WINDOW_CENTER, VR.DS, 40);
        ds.putDoubles(PixelData.WINDOW_WIDTH, VR.DS, 400);
        PixelData p = pixels(ds);
        assertThat(p.rescaled(0)).containsExactly(-1024f, 0f, 40f, 1023f);
        int[] g = gray(p.render(0));
        assertThat(g[0]).isZero();
        assertThat(g[3]).isEqualTo(255);
        assertThat(g[2]).isBetween(127, 128);
        assertThat(g[1]).isBetween(101, 103);
    }

    @Test
    void monochrome1IsInverted() {
        int[] mono2 = gray(pixels(mono("MONOCHROME2", 0, 10, 20, 30)).render(0));
        int[] mono1 = gray(pixels(mono("MONOCHROME1", 0, 10, 20, 30)).render(0));
        for (int i = 0; i < 4; i++) {
            assertThat(mono1[i]).isEqualTo(255 - mono2[i]);
        }
        assertThat(mono1[0]).isEqualTo(255);
    }

    @Test
    void voiLutIsUsedWhenThereIsNoWindow() {
        Dataset ds = mono("MONOCHROME2", 0, 1, 2, 3);
        var lut = new Dataset();
        lut.putInts(PixelData.LUT_DESCRIPTOR, VR.US, 4, 0, 8);
        lut.putInts(PixelData.LUT_DATA, VR.US, 255, 0, 100, 200);
        ds.putSequence(PixelData.VOI_LUT_SEQUENCE, List.of(lut));
        assertThat(gray(pixels(ds).render(0))).containsExactly(255, 0, 100, 200);
    }

    @Test
    void paletteColorMapsThroughTheLuts() {
        var ds = new Dataset();
        ds.putInts(PixelData.SAMPLES_PER_PIXEL, VR.US, 1);
        ds.putString(PixelData.PHOTOMETRIC, VR.CS, "PALETTE COLOR");
        ds.putInts(PixelData.ROWS, VR.US, 1);
        ds.putInts(PixelData.COLUMNS, VR.US, 2);
        ds.putInts(PixelData.BITS_ALLOCATED, VR.US, 8);
        ds.putInts(PixelData.BITS_STORED, VR.US, 8);
        ds.putInts(PixelData.PIXEL_REPRESENTATION, VR.US, 0);
        for (int c = 0; c < 3; c++) {
            ds.putInts(new Tag(0x0028, 0x1101 + c), VR.US, 2, 0, 16);
            ds.putInts(new Tag(0x0028, 0x1201 + c), VR.OW, c == 0 ? 0xFFFF : 0, c == 2 ? 0xFFFF : 0x8000);
        }
        ds.put(DicomElement.of(PixelData.PIXEL_DATA, VR.OB, new byte[] {0, 1}));
        BufferedImage image = pixels(ds).render(0);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(image.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x8080FF);
    }

    @Test
    void singleBitFramesArePackedAcrossFrameBoundaries() {
        var ds = new Dataset();
        ds.putInts(PixelData.SAMPLES_PER_PIXEL, VR.US, 1);
        ds.putString(PixelData.PHOTOMETRIC, VR.CS, "MONOCHROME2");
        ds.putString(PixelData.NUMBER_OF_FRAMES, VR.IS, "3");
        ds.putInts(PixelData.ROWS, VR.US, 1);
        ds.putInts(PixelData.COLUMNS, VR.US, 3);
        ds.putInts(PixelData.BITS_ALLOCATED, VR.US, 1);
        ds.putInts(PixelData.BITS_STORED, VR.US, 1);
        ds.put(DicomElement.of(PixelData.PIXEL_DATA, VR.OB, new byte[] {(byte) 0b1010_0101, 0b1}));
        PixelData p = pixels(ds);
        assertThat(p.storedValues(0)).containsExactly(1, 0, 1);
        assertThat(p.storedValues(1)).containsExactly(0, 0, 1);
        assertThat(p.storedValues(2)).containsExactly(0, 1, 1);
        assertThatThrownBy(() -> p.storedValues(3)).hasMessageContaining("frame 4 of 3");
    }

    @Test
    void shortPixelDataIsReportedNotPadded() {
        Dataset ds = mono("MONOCHROME2", 1, 2, 3);
        assertThatThrownBy(() -> pixels(ds).storedValues(0)).hasMessageContaining("holds 6 bytes")
                .hasMessageContaining("needs 8");
    }

    /** A 2x2 RGB frame, encapsulated in the given syntax, holding {@code frame}. */
    private static PixelData encapsulatedRgb(TransferSyntax syntax, byte[] frame) {
        var ds = new Dataset();
        ds.putInts(PixelData.SAMPLES_PER_PIXEL, VR.US, 3);
        ds.putString(PixelData.PHOTOMETRIC, VR.CS, "RGB");
        ds.putInts(PixelData.ROWS, VR.US, 2);
        ds.putInts(PixelData.COLUMNS, VR.US, 2);
        ds.putInts(PixelData.BITS_ALLOCATED, VR.US, 8);
        ds.putInts(PixelData.BITS_STORED, VR.US, 8);
        ds.put(DicomElement.encapsulated(PixelData.PIXEL_DATA, VR.OB, List.of(ByteBuffer.allocate(0),
                ByteBuffer.wrap(frame))));
        return PixelData.of(new DicomFile(null, ds, syntax));
    }

    @Test
    void syntaxesWeDoNotDecodeSayWhichInTheError() {
        // JPEG-LS header (SOF55, 2x2, 3 components) and a scan of all three, line interleaved (ILV = 1).
        byte[] interleavedJpegLs = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xF7, 0, 17, 8, 0, 2, 0, 2, 3,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, (byte) 0xFF, (byte) 0xDA, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 1, 0};
        assertThatThrownBy(() -> encapsulatedRgb(TransferSyntax.JPEG_LS_LOSSLESS, interleavedJpegLs).storedValues(0))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageStartingWith("unsupported transfer syntax 1.2.840.10008.1.2.4.80")
                .hasMessageContaining("interleave mode 1");
        byte[] j2k = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51};
        assertThatThrownBy(() -> encapsulatedRgb(TransferSyntax.JPEG_2000, j2k).storedValues(0))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageStartingWith("unsupported transfer syntax 1.2.840.10008.1.2.4.91");
    }

    @Test
    void hugeFramesAreRefusedBeforeAnythingIsAllocated() {
        Dataset ds = mono("MONOCHROME2", 1, 2, 3, 4);
        ds.putInts(PixelData.ROWS, VR.US, 65535);
        ds.putInts(PixelData.COLUMNS, VR.US, 65535);
        assertThatThrownBy(() -> pixels(ds)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535 rows x 65535 columns").hasMessageContaining("too large");
        ds.putInts(PixelData.COLUMNS, VR.US, 10000);
        ds.putInts(PixelData.SAMPLES_PER_PIXEL, VR.US, 3);
        ds.putString(PixelData.PHOTOMETRIC, VR.CS, "RGB");
        byte[] rle = {1, 0, 0, 0, 64, 0, 0, 0};
        ds.put(DicomElement.encapsulated(PixelData.PIXEL_DATA, VR.OB, List.of(ByteBuffer.allocate(0),
                ByteBuffer.wrap(rle))));
        PixelData p = PixelData.of(new DicomFile(null, ds, TransferSyntax.RLE_LOSSLESS));
        org.junit.jupiter.api.Assumptions.assumeTrue(2L * 4 * 65535 * 10000 * 3 > Runtime.getRuntime().maxMemory(),
                "the test JVM's heap holds a 65535 x 10000 RGB frame");
        assertThatThrownBy(() -> p.storedValues(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MB to decode");
    }
}
