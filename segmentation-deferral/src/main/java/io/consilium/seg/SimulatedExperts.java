package io.consilium.seg;

import java.util.List;
import java.util.Random;

/**
 * Three simulated experts derived from a real reference, each wrong in its own way, so that which expert should
 * get a pixel depends on where the pixel is (the DeferredSeg paper's protocol):
 * <ol>
 *   <li><b>over-outliner</b>: the reference dilated by 2 pixels (right inside and far outside, wrong on an outer
 *       ring);</li>
 *   <li><b>under-outliner</b>: the reference eroded by 2 pixels (right outside and deep inside, wrong on an inner
 *       ring);</li>
 *   <li><b>unsteady hand</b>: each pixel within 2 pixels of the boundary flipped with probability 0.3, seeded by
 *       the case id.</li>
 * </ol>
 */
final class SimulatedExperts {

    static final int COUNT = 3;
    private static final int RING = 2;

    private SimulatedExperts() {
    }

    static List<byte[]> derive(byte[] reference, int width, int height, String caseId) {
        byte[] dilated = dilate(reference, width, height, RING);
        byte[] eroded = erode(reference, width, height, RING);
        byte[] noisy = reference.clone();
        Random rng = RealReaderProtocol.randomFor(caseId);
        for (int p = 0; p < reference.length; p++) {
            boolean nearBoundary = dilated[p] != eroded[p];
            if (nearBoundary && rng.nextDouble() < 0.3) {
                noisy[p] = (byte) (1 - reference[p]);
            }
        }
        return List.of(dilated, eroded, noisy);
    }

    static byte[] dilate(byte[] mask, int width, int height, int radius) {
        byte[] out = new byte[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (byte) (any(mask, width, height, x, y, radius, (byte) 1) ? 1 : 0);
            }
        }
        return out;
    }

    static byte[] erode(byte[] mask, int width, int height, int radius) {
        byte[] out = new byte[mask.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (byte) (mask[y * width + x] != 0
                        && !any(mask, width, height, x, y, radius, (byte) 0) ? 1 : 0);
            }
        }
        return out;
    }

    /** Whether a pixel of the given value lies within the square neighbourhood (outside the image counts as 0). */
    private static boolean any(byte[] mask, int width, int height, int x, int y, int radius, byte value) {
        for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                byte v = nx < 0 || ny < 0 || nx >= width || ny >= height ? 0 : mask[ny * width + nx];
                if (v == value) {
                    return true;
                }
            }
        }
        return false;
    }
}
