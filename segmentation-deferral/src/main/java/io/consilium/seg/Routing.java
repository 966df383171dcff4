package io.consilium.seg;

/**
 * DeferredSeg routing of one image: per pixel, the argmax over C class channels and K expert channels.
 * A class wins: the AI decides that pixel. Expert k wins: the pixel is deferred to expert k.
 */
public final class Routing {

    private Routing() {
    }

    /**
     * Routes every pixel.
     *
     * @param scores  channel-major scores, {@code scores[c][pixel]}, first the C classes, then the K experts
     * @param classes C, the number of class channels (background included)
     */
    public static RoutedImage route(float[][] scores, int classes, int width, int height) {
        int channels = scores.length;
        int experts = channels - classes;
        if (classes < 1 || experts < 1) {
            throw new IllegalArgumentException("need at least one class and one expert channel, got "
                    + classes + " classes of " + channels + " channels");
        }
        int pixels = width * height;
        for (int c = 0; c < channels; c++) {
            if (scores[c].length != pixels) {
                throw new IllegalArgumentException("channel " + c + " has " + scores[c].length
                        + " scores for a " + width + "x" + height + " image");
            }
        }
        byte[] aiClass = new byte[pixels];
        byte[] deferral = new byte[pixels];
        float[] confidence = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            int best = 0;
            float max = Float.NEGATIVE_INFINITY;
            int bestClass = 0;
            float maxClass = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                float s = scores[c][p];
                if (Float.isNaN(s)) {
                    throw new IllegalArgumentException("score of channel " + c + " at pixel (" + (p % width)
                            + "," + (p / width) + ") is NaN");
                }
                if (s > max) {
                    max = s;
                    best = c;
                }
                if (c < classes && s > maxClass) {
                    maxClass = s;
                    bestClass = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += Math.exp(scores[c][p] - max);
            }
            aiClass[p] = (byte) bestClass;
            deferral[p] = (byte) (best < classes ? 0 : best - classes + 1);
            confidence[p] = (float) (1.0 / sum);
        }
        return new RoutedImage(width, height, classes, experts, aiClass, new DeferralMap(width, height, experts, deferral),
                confidence);
    }
}
