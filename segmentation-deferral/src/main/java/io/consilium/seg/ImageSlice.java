package io.consilium.seg;

/**
 * One grayscale slice with intensities scaled to [0, 1] (CT windowed first), row-major. Built only through
 * the checked factories, so a slice in hand is never empty, NaN or out of range.
 */
public final class ImageSlice {

    private final int width;
    private final int height;
    private final float[] pixels;

    private ImageSlice(int width, int height, float[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /**
     * A slice from interleaved samples scaled to [0, 1]: 1 channel (grayscale) or 3 (RGB, as MedSAM takes
     * it; averaged to gray).
     */
    public static ImageSlice of(int width, int height, int channels, float[] samples) {
        requireSize(width, height);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("expected 1 (grayscale) or 3 (RGB) channels, got " + channels);
        }
        long expected = (long) width * height * channels;
        if (samples == null || samples.length != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + channels + " image needs " + expected
                    + " samples, got " + (samples == null ? 0 : samples.length));
        }
        float[] gray = new float[width * height];
        for (int p = 0; p < gray.length; p++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                float v = samples[p * channels + c];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("pixel (" + (p % width) + "," + (p / width) + ") channel " + c
                            + " is " + v + "; the image must contain finite numbers only");
                }
                if (v < 0f || v > 1f) {
                    throw new IllegalArgumentException("intensity " + v + " at (" + (p % width) + "," + (p / width)
                            + ") is outside [0,1]; raw 12/16-bit values must be windowed first "
                            + "(ImageSlice.fromStored16 with a window centre and width)");
                }
                sum += v;
            }
            gray[p] = sum / channels;
        }
        return new ImageSlice(width, height, gray);
    }

    /**
     * A slice from raw 16-bit stored values (CT Hounsfield units after rescale, MR signal), windowed to [0, 1]:
     * values below {@code center - width/2} become 0, above {@code center + width/2} become 1.
     *
     * @param signed whether the values are signed 16-bit ([-32768, 32767]) or unsigned ([0, 65535])
     */
    public static ImageSlice fromStored16(int width, int height, int[] values, boolean signed, double windowCenter,
            double windowWidth) {
        requireSize(width, height);
        if (values == null || values.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " slice needs " + width * height
                    + " values, got " + (values == null ? 0 : values.length));
        }
        int min = signed ? Short.MIN_VALUE : 0;
        int max = signed ? Short.MAX_VALUE : 0xFFFF;
        float[] raw = new float[values.length];
        for (int p = 0; p < values.length; p++) {
            int v = values[p];
            if (v < min || v > max) {
                throw new IllegalArgumentException("value " + v + " at (" + (p % width) + "," + (p / width)
                        + ") is outside the " + (signed ? "signed" : "unsigned") + " 16-bit range [" + min + ", " + max
                        + "]");
            }
            raw[p] = v;
        }
        return windowed(width, height, raw, windowCenter, windowWidth);
    }

    /**
     * A slice from modality values (e.g. Hounsfield units of a decoded DICOM image), windowed to [0, 1]:
     * values below {@code center - width/2} become 0, above {@code center + width/2} become 1.
     */
    public static ImageSlice windowed(int width, int height, float[] values, double windowCenter, double windowWidth) {
        requireSize(width, height);
        if (values == null || values.length != width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " slice needs " + width * height
                    + " values, got " + (values == null ? 0 : values.length));
        }
        if (!(windowWidth > 0) || !Double.isFinite(windowCenter) || !Double.isFinite(windowWidth)) {
            throw new IllegalArgumentException("window width must be a positive number and centre finite, got centre "
                    + windowCenter + " width " + windowWidth);
        }
        float[] gray = new float[values.length];
        double low = windowCenter - windowWidth / 2;
        for (int p = 0; p < values.length; p++) {
            float v = values[p];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("value " + v + " at (" + (p % width) + "," + (p / width)
                        + ") is not a finite number");
            }
            gray[p] = (float) Math.min(1, Math.max(0, (v - low) / windowWidth));
        }
        return new ImageSlice(width, height, gray);
    }

    /** Windows raw 16-bit values to their own minimum and maximum (for data that carries no window). */
    public static ImageSlice fromStored16AutoWindow(int width, int height, int[] values, boolean signed) {
        requireSize(width, height);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("image is empty");
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double w = Math.max(1, hi - lo);
        return fromStored16(width, height, values, signed, lo + w / 2, w);
    }

    static ImageSlice trusted(int width, int height, float[] gray) {
        return new ImageSlice(width, height, gray);
    }

    private static void requireSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image is empty (" + width + "x" + height + ")");
        }
        if ((long) width * height > 4096L * 4096L) {
            throw new IllegalArgumentException("image " + width + "x" + height + " is larger than 4096x4096");
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public float at(int x, int y) {
        return pixels[y * width + x];
    }

    /** Row-major intensities in [0, 1] (a copy). */
    public float[] pixels() {
        return pixels.clone();
    }

    float[] pixelsShared() {
        return pixels;
    }
}
