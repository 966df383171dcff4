package io.consilium.seg;

/**
 * The routed output for one image: the AI's class per pixel, who decides each pixel, and the softmax
 * probability of the winning channel as per-pixel confidence.
 */
public record RoutedImage(int width, int height, int classes, int experts, byte[] aiClass, DeferralMap deferralMap,
        float[] confidence) {

    /** The AI's class at (x, y); meaningful for the final result only where the AI decides. */
    public int aiClassAt(int x, int y) {
        return aiClass[y * width + x];
    }

    public float confidenceAt(int x, int y) {
        return confidence[y * width + x];
    }
}
