package io.consilium.dicom.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import org.junit.jupiter.api.Test;

/**
 * Our sequential DCT decoder (used for 12-bit JPEG) on 8-bit streams written by the JDK, against the JDK's own
 * reader: grey, and colour with 2x2 subsampled chroma in one interleaved scan. The 12-bit case is compared with
 * DCMTK in PixelConformanceTest.
 */
class SequentialDctTest {

    @Test
    void greyMatchesTheJdkReader() throws Exception {
        byte[] jpeg = encode(image(BufferedImage.TYPE_BYTE_GRAY, 67, 45));
        int[] theirs = jdk(jpeg);
        int[] ours = new SequentialDct(jpeg).decode(45, 67, 1);
        assertThat(maxDifference(ours, theirs)).isLessThanOrEqualTo(1);
    }

    @Test
    void subsampledColourMatchesTheJdkReaderWhereChromaIsSmooth() throws Exception {
        byte[] jpeg = encode(image(BufferedImage.TYPE_3BYTE_BGR, 64, 48));
        int[] theirs = jdk(jpeg);
        int[] ours = new SequentialDct(jpeg).decode(48, 64, 3);
        // Luma is exact but for rounding; chroma differs where libjpeg's smooth upsampling and replication differ.
        int[] lumaOurs = channel(ours, 0, 3);
        int[] lumaTheirs = channel(theirs, 0, 3);
        assertThat(maxDifference(lumaOurs, lumaTheirs)).isLessThanOrEqualTo(1);
        assertThat(meanDifference(ours, theirs)).isLessThan(1.0);
    }

    @Test
    void truncatedDataIsRefusedNotPaddedWithZeros() throws Exception {
        byte[] jpeg = encode(image(BufferedImage.TYPE_BYTE_GRAY, 64, 64));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> new SequentialDct(truncated).decode(64, 64, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void sizeOtherThanTheImagePixelModuleIsRefused() throws Exception {
        byte[] jpeg = encode(image(BufferedImage.TYPE_BYTE_GRAY, 16, 16));
        assertThatThrownBy(() -> new SequentialDct(jpeg).decode(32, 16, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16x16x1, expected 16x32x1");
    }

    /** Smooth gradients and a sharp edge: every coefficient range gets used. */
    private static BufferedImage image(int type, int width, int height) {
        var image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / width;
                int g = y * 255 / height;
                int b = x > width / 2 ? 200 : 40;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image) throws Exception {
        var out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "jpeg", out)).isTrue();
        return out.toByteArray();
    }

    /** The JDK's raw components (no colour conversion), as PixelData reads 8-bit frames. */
    private static int[] jdk(byte[] jpeg) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            var raster = reader.readRaster(0, null);
            return raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(), (int[]) null);
        } finally {
            reader.dispose();
        }
    }

    private static int[] channel(int[] values, int channel, int channels) {
        int[] out = new int[values.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i * channels + channel];
        }
        return out;
    }

    private static int maxDifference(int[] a, int[] b) {
        assertThat(a).hasSameSizeAs(b);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double meanDifference(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return (double) sum / a.length;
    }
}
