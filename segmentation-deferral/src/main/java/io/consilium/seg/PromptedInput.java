package io.consilium.seg;

/**
 * The network's view of a prompted slice: channel 0 the image, channel 1 the box as a mask, and with a MedSAM
 * backbone channel 2 its foreground probability; all padded on the right and bottom (edge values repeated) to a
 * multiple of the network's stride.
 */
final class PromptedInput {

    final int channels;
    final int width;
    final int height;
    final int paddedWidth;
    final int paddedHeight;

    PromptedInput(int channels, int width, int height, int stride) {
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.paddedWidth = roundUp(width, stride);
        this.paddedHeight = roundUp(height, stride);
    }

    int paddedPixels() {
        return paddedWidth * paddedHeight;
    }

    /**
     * Writes the input channels of one case at {@code offset} of a (N, channels, H', W') buffer.
     *
     * @param prior the backbone's foreground probability per pixel, or null without a backbone
     */
    void writeChannels(ImageSlice image, BoxPrompt box, float[] prior, float[] into, int offset) {
        if ((prior != null) != (channels == DeferralNetwork.INPUT_CHANNELS + 1)) {
            throw new IllegalStateException("a " + channels + "-channel head " + (prior == null ? "needs" : "takes no")
                    + " backbone prior");
        }
        float[] pixels = image.pixelsShared();
        int plane = paddedPixels();
        for (int y = 0; y < paddedHeight; y++) {
            int sy = Math.min(y, height - 1);
            for (int x = 0; x < paddedWidth; x++) {
                int sx = Math.min(x, width - 1);
                into[offset + y * paddedWidth + x] = pixels[sy * width + sx];
                into[offset + plane + y * paddedWidth + x] = box.contains(x, y) ? 1f : 0f;
                if (prior != null) {
                    into[offset + 2 * plane + y * paddedWidth + x] = prior[sy * width + sx];
                }
            }
        }
    }

    /** The value of the original pixel under each padded pixel, for per-pixel targets. */
    int sourcePixel(int paddedIndex) {
        int x = Math.min(paddedIndex % paddedWidth, width - 1);
        int y = Math.min(paddedIndex / paddedWidth, height - 1);
        return y * width + x;
    }

    /** Cuts the padding off channel-major network scores: {@code [channel][pixel]} of the original size. */
    float[][] crop(float[] chw, int channels) {
        float[][] out = new float[channels][width * height];
        int plane = paddedPixels();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(chw, c * plane + y * paddedWidth, out[c], y * width, width);
            }
        }
        return out;
    }

    private static int roundUp(int v, int stride) {
        return (v + stride - 1) / stride * stride;
    }
}
