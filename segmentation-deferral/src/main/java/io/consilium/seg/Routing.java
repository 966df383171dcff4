package io.consilium.seg;

import java.util.Arrays;

/**
 * DeferredSeg routing of one image: per pixel, the argmax over C class channels and K expert channels.
 * A class wins: the AI decides that pixel. Expert k wins: the pixel is deferred to expert k.
 * {@link InferenceControls} mask absent experts, shift the expert channels to meet a deferral budget and
 * return too-small deferred regions to the AI.
 */
public final class Routing {

    private Routing() {
    }

    /** Routes every pixel with no constraints. */
    public static RoutedImage route(float[][] scores, int classes, int width, int height) {
        return route(scores, classes, width, height, InferenceControls.UNCONSTRAINED);
    }

    /**
     * Routes every pixel.
     *
     * @param scores  channel-major scores, {@code scores[c][pixel]}, first the C classes, then the K experts
     * @param classes C, the number of class channels (background included)
     */
    public static RoutedImage route(float[][] scores, int classes, int width, int height, InferenceControls controls) {
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
        boolean[] available = new boolean[experts];
        for (int k = 0; k < experts; k++) {
            available[k] = controls.available(k + 1);
        }
        byte[] aiClass = new byte[pixels];
        byte[] bestExpert = new byte[pixels];
        float[] maxClassScore = new float[pixels];
        float[] margin = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            int bestClass = 0;
            float maxClass = Float.NEGATIVE_INFINITY;
            int expert = 0;
            float maxExpert = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < channels; c++) {
                float s = scores[c][p];
                if (!Float.isFinite(s)) {
                    throw new IllegalArgumentException("score of channel " + c + " at pixel (" + (p % width)
                            + "," + (p / width) + ") is " + s);
                }
                if (c < classes) {
                    if (s > maxClass) {
                        maxClass = s;
                        bestClass = c;
                    }
                } else if (available[c - classes] && s > maxExpert) {
                    maxExpert = s;
                    expert = c - classes + 1;
                }
            }
            aiClass[p] = (byte) bestClass;
            bestExpert[p] = (byte) expert;
            maxClassScore[p] = maxClass;
            margin[p] = expert == 0 ? Float.NEGATIVE_INFINITY : maxExpert - maxClass;
        }
        float shift = budgetShift(margin, controls.deferralBudget());
        byte[] owners = new byte[pixels];
        for (int p = 0; p < pixels; p++) {
            owners[p] = margin[p] > shift ? bestExpert[p] : 0;
        }
        if (controls.minRegionPixels() > 1) {
            dropSmallRegions(owners, width, height, controls.minRegionPixels());
        }
        float[] confidence = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            // Softmax over the classes and the available experts (shifted) at p; its largest channel is the best
            // class or the best available expert, known from the first pass.
            double max = bestExpert[p] == 0 ? maxClassScore[p]
                    : Math.max(maxClassScore[p], maxClassScore[p] + margin[p] - shift);
            int winner = owners[p] == 0 ? aiClass[p] : classes + owners[p] - 1;
            double sum = 0;
            double win = 0;
            for (int c = 0; c < channels; c++) {
                if (c >= classes && !available[c - classes]) {
                    continue;
                }
                double e = Math.exp(scores[c][p] - (c < classes ? 0 : shift) - max);
                sum += e;
                if (c == winner) {
                    win = e;
                }
            }
            confidence[p] = (float) (win / sum);
        }
        return new RoutedImage(width, height, classes, experts, aiClass,
                new DeferralMap(width, height, experts, owners), confidence);
    }

    /**
     * The amount to subtract from every expert channel so that at most {@code budget} of the pixels still
     * prefer an expert: 0 when the budget already holds.
     */
    static float budgetShift(float[] margin, double budget) {
        int allowed = (int) Math.floor(budget * margin.length + 1e-9);
        int wanting = 0;
        for (float m : margin) {
            if (m > 0) {
                wanting++;
            }
        }
        if (wanting <= allowed) {
            return 0f;
        }
        // Pixels strictly above the (allowed+1)-th largest margin stay deferred: at most `allowed` of them.
        // That margin is positive, so only the positive margins need sorting.
        float[] positive = new float[wanting];
        int i = 0;
        for (float m : margin) {
            if (m > 0) {
                positive[i++] = m;
            }
        }
        Arrays.sort(positive);
        return positive[wanting - 1 - allowed];
    }

    /** 4-connected regions of one expert smaller than {@code minimum} pixels go back to the AI. */
    private static void dropSmallRegions(byte[] owners, int width, int height, int minimum) {
        boolean[] seen = new boolean[owners.length];
        int[] queue = new int[owners.length];
        for (int start = 0; start < owners.length; start++) {
            if (owners[start] == 0 || seen[start]) {
                continue;
            }
            byte owner = owners[start];
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = queue[head++];
                int x = p % width;
                int y = p / width;
                if (x > 0) {
                    tail = visit(owners, seen, queue, tail, p - 1, owner);
                }
                if (x < width - 1) {
                    tail = visit(owners, seen, queue, tail, p + 1, owner);
                }
                if (y > 0) {
                    tail = visit(owners, seen, queue, tail, p - width, owner);
                }
                if (y < height - 1) {
                    tail = visit(owners, seen, queue, tail, p + width, owner);
                }
            }
            if (tail < minimum) {
                for (int i = 0; i < tail; i++) {
                    owners[queue[i]] = 0;
                }
            }
        }
    }

    private static int visit(byte[] owners, boolean[] seen, int[] queue, int tail, int p, byte owner) {
        if (!seen[p] && owners[p] == owner) {
            seen[p] = true;
            queue[tail++] = p;
        }
        return tail;
    }
}
