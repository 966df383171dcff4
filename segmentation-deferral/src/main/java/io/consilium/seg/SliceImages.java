package io.consilium.seg;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Slices and masks as PNG files: 8- or 16-bit grayscale (or RGB) images in, label masks and the DeferredSeg
 * outputs (mask, deferral map, confidence) out.
 */
public final class SliceImages {

    /** Colours of experts 1..8 in the deferral map; AI pixels stay black. */
    private static final int[] EXPERT_COLOURS = {0xE6194B, 0x3CB44B, 0x4363D8, 0xF58231, 0x911EB4, 0x46F0F0,
        0xF032E6, 0xBCF60C};

    private SliceImages() {
    }

    /**
     * Reads an 8-bit (scaled by 1/255) or 16-bit (windowed to its own range unless a window is given) grayscale
     * PNG, or an 8-bit RGB one.
     *
     * @param window {centre, width} for 16-bit data, or null for the image's own minimum..maximum
     */
    public static ImageSlice readImage(Path png, double[] window) throws IOException {
        Raster raster = readRaster(png);
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        if (bands != 1 && bands != 3) {
            throw new IllegalArgumentException(png + ": expected 1 (grayscale) or 3 (RGB) channels, got " + bands
                    + (bands == 2 || bands == 4 ? " (an alpha channel: save the image without transparency)" : ""));
        }
        if (bits > 8) {
            if (bands != 1) {
                throw new IllegalArgumentException(png + ": 16-bit images must be grayscale, got " + bands + " channels");
            }
            int[] values = raster.getSamples(0, 0, w, h, 0, new int[w * h]);
            return window == null ? ImageSlice.fromStored16AutoWindow(w, h, values, false)
                    : ImageSlice.fromStored16(w, h, values, false, window[0], window[1]);
        }
        int[] samples = raster.getPixels(0, 0, w, h, new int[w * h * bands]);
        float[] scaled = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = samples[i] / 255f;
        }
        return ImageSlice.of(w, h, bands, scaled);
    }

    /** Reads a label mask: values 0..classes-1, or 0/255 for a binary mask. */
    public static byte[] readMask(Path png, int width, int height, int classes) throws IOException {
        Raster raster = readRaster(png);
        if (raster.getWidth() != width || raster.getHeight() != height) {
            throw new IllegalArgumentException(png + " is " + raster.getWidth() + "x" + raster.getHeight()
                    + ", its image is " + width + "x" + height);
        }
        int[] values = raster.getSamples(0, 0, width, height, 0, new int[width * height]);
        byte[] mask = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v = values[i] == 255 && classes == 2 ? 1 : values[i];
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException(png + ": label " + values[i] + " at (" + (i % width) + ","
                        + (i / width) + ") is not a class 0.." + (classes - 1));
            }
            mask[i] = (byte) v;
        }
        return mask;
    }

    /** Writes labels as an 8-bit grayscale PNG, scaled so the highest class is white. */
    public static void writeMask(Path png, byte[] labels, int width, int height, int classes) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int scale = 255 / Math.max(1, classes - 1);
        int[] values = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i] * scale;
        }
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        write(png, image);
    }

    /** Writes the raw label values (0..C-1) as an 8-bit PNG, as {@link #readMask} reads them back. */
    static void writeLabels(Path png, byte[] labels, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        image.getRaster().setSamples(0, 0, width, height, 0, values);
        write(png, image);
    }

    /** Writes an image in [0, 1] as an 8-bit grayscale PNG. */
    public static void writeGray(Path png, float[] values, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int[] bytes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = Math.round(Math.max(0, Math.min(1, values[i])) * 255);
        }
        image.getRaster().setSamples(0, 0, width, height, 0, bytes);
        write(png, image);
    }

    /** Writes the deferral map in colour: black where the AI decides, one colour per expert. */
    public static void writeDeferralMap(Path png, DeferralMap map) throws IOException {
        BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                int owner = map.ownerAt(x, y);
                image.setRGB(x, y, owner == 0 ? 0 : EXPERT_COLOURS[(owner - 1) % EXPERT_COLOURS.length]);
            }
        }
        write(png, image);
    }

    private static Raster readRaster(Path png) throws IOException {
        if (!Files.isRegularFile(png)) {
            throw new IOException("no such file: " + png);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) {
            throw new IllegalArgumentException(png + " is not an image this reader understands (PNG expected)");
        }
        if (image.getWidth() == 0 || image.getHeight() == 0) {
            throw new IllegalArgumentException(png + ": image is empty");
        }
        return image.getRaster();
    }

    private static void write(Path png, BufferedImage image) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer for " + png);
        }
    }
}
