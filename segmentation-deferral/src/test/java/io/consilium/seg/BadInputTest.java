package io.consilium.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets an error that names the problem, never a crash or a silent result. */
class BadInputTest {

    @TempDir
    Path dir;

    @Test
    void emptyImage() {
        assertThatThrownBy(() -> ImageSlice.of(0, 10, 1, new float[0])).hasMessageContaining("image is empty (0x10)");
        assertThatThrownBy(() -> ImageSlice.of(4, 4, 1, new float[3])).hasMessageContaining("needs 16 samples, got 3");
    }

    @Test
    void nanAndInfinitePixels() {
        float[] pixels = new float[16];
        pixels[5] = Float.NaN;
        assertThatThrownBy(() -> ImageSlice.of(4, 4, 1, pixels)).hasMessageContaining("pixel (1,1)")
                .hasMessageContaining("NaN");
        pixels[5] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> ImageSlice.of(4, 4, 1, pixels)).hasMessageContaining("Infinity")
                .hasMessageContaining("finite numbers only");
    }

    @Test
    void wrongChannelCount() {
        assertThatThrownBy(() -> ImageSlice.of(2, 2, 4, new float[16]))
                .hasMessageContaining("expected 1 (grayscale) or 3 (RGB) channels, got 4");
    }

    @Test
    void rgbIsAveragedToGray() {
        ImageSlice slice = ImageSlice.of(1, 1, 3, new float[] {0.3f, 0.6f, 0.9f});
        assertThat(slice.at(0, 0)).isEqualTo(0.6f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void raw16BitValuesMustBeWindowed() {
        float[] hu = {0f, 1200f, 0.5f, 0.2f};
        assertThatThrownBy(() -> ImageSlice.of(2, 2, 1, hu)).hasMessageContaining("outside [0,1]")
                .hasMessageContaining("windowed first");
        assertThatThrownBy(() -> ImageSlice.fromStored16(2, 2, new int[] {0, 70000, 0, 0}, false, 40, 400))
                .hasMessageContaining("outside the unsigned 16-bit range [0, 65535]");
        assertThatThrownBy(() -> ImageSlice.fromStored16(2, 2, new int[] {-40000, 0, 0, 0}, true, 40, 400))
                .hasMessageContaining("signed 16-bit range [-32768, 32767]");
        assertThatThrownBy(() -> ImageSlice.fromStored16(2, 2, new int[4], true, 40, 0))
                .hasMessageContaining("window width must be a positive number");
    }

    @Test
    void ctWindowMapsHounsfieldUnitsToTheUnitRange() {
        // Soft-tissue window 40/400: -160 HU -> 0, 40 -> 0.5, 240 and above -> 1.
        ImageSlice slice = ImageSlice.fromStored16(4, 1, new int[] {-1000, -160, 40, 3000}, true, 40, 400);
        assertThat(slice.pixels()).containsExactly(0f, 0f, 0.5f, 1f);
    }

    @Test
    void boxOutsideTheImage() {
        assertThatThrownBy(() -> new BoxPrompt(10, 10, 5, 20)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> new BoxPrompt(50, 50, 90, 90).requireInside(64, 64))
                .hasMessageContaining("lies (partly) outside the 64x64 image");
        assertThatThrownBy(() -> BoxPrompt.parse("1,2,3")).hasMessageContaining("x0,y0,x1,y1");
        assertThatThrownBy(() -> BoxPrompt.parse("a,2,3,4")).hasMessageContaining("four integers");
        assertThat(BoxPrompt.parse(" 1, 2,30,40")).isEqualTo(new BoxPrompt(1, 2, 30, 40));
    }

    @Test
    void segmentorRefusesABoxOutsideAndAnUnknownAbsentExpert() {
        try (DeferredSegmentor model = DeferredSegmentor.bundled(ModelCatalog.PHANTOM)) {
            ImageSlice slice = ImageSlice.of(32, 32, 1, new float[32 * 32]);
            assertThatThrownBy(() -> model.segment(slice, new BoxPrompt(20, 20, 40, 40), InferenceControls.UNCONSTRAINED))
                    .hasMessageContaining("outside the 32x32 image");
            assertThatThrownBy(() -> model.segment(slice, new BoxPrompt(2, 2, 20, 20),
                    new InferenceControls(1, java.util.Set.of(9), 0))).hasMessageContaining("absent expert 9");
        }
    }

    @Test
    void pngWithAlphaOr16BitRgbIsRefused() throws Exception {
        Path rgba = dir.resolve("rgba.png");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB), "png", rgba.toFile());
        assertThatThrownBy(() -> SliceImages.readImage(rgba, null)).hasMessageContaining("got 4")
                .hasMessageContaining("alpha");
        Path text = dir.resolve("not-an-image.png");
        java.nio.file.Files.writeString(text, "hello");
        assertThatThrownBy(() -> SliceImages.readImage(text, null)).hasMessageContaining("not an image");
    }

    @Test
    void sixteenBitPngIsWindowedToItsRange() throws Exception {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1000, 3000});
        Path png = dir.resolve("ct16.png");
        ImageIO.write(image, "png", png.toFile());

        assertThat(SliceImages.readImage(png, null).pixels()).containsExactly(0f, 1f);
        assertThat(SliceImages.readImage(png, new double[] {2000, 4000}).pixels()).containsExactly(0.25f, 0.75f);
    }
}
