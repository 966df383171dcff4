package io.consilium.seg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Generator of CT/MR-like phantom slices for training and evaluation: a body outline with organs of
 * irregular shape, partial-volume edges (rendered at twice the resolution and averaged), blur, CT-like
 * Gaussian or MR-like Rician noise with a bias field, and a faint low-contrast lobe on the target organ that
 * is hard to see. The reference mask is the target organ with its lobe; experts follow {@link SimulatedExpert}.
 * Same seed, same cases.
 */
public final class SyntheticPhantoms {

    /** Background and target organ. */
    public static final int CLASSES = 2;
    private static final int SUPERSAMPLE = 2;

    private SyntheticPhantoms() {
    }

    public static SegmentationDataset generate(long seed, int count, int size, int experts) {
        if (count < 1 || size < 32 || experts < 1) {
            throw new IllegalArgumentException("need count >= 1, size >= 32 and experts >= 1, got " + count + ", "
                    + size + ", " + experts);
        }
        List<SegmentationCase> cases = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cases.add(phantom(new Random(seed * 1_000_003L + i), "synthetic-" + seed + "-" + i, size, experts));
        }
        return new SegmentationDataset("synthetic(seed=" + seed + ",n=" + count + ",size=" + size + ")", CLASSES,
                experts, cases);
    }

    private record Blob(double cx, double cy, double r0, double[] amp, double[] phase, double spread) {

        Blob(double cx, double cy, double r0, double[] amp, double[] phase) {
            this(cx, cy, r0, amp, phase, r0 * Arrays.stream(amp).sum());
        }

        static Blob random(Random rng, double cx, double cy, double r0, double irregularity) {
            double[] amp = new double[3];
            double[] phase = new double[3];
            for (int n = 0; n < 3; n++) {
                amp[n] = rng.nextDouble() * irregularity / (n + 1);
                phase[n] = rng.nextDouble() * 2 * Math.PI;
            }
            return new Blob(cx, cy, r0, amp, phase);
        }

        double radius(double theta) {
            double r = 1;
            for (int n = 0; n < amp.length; n++) {
                r += amp[n] * Math.cos((n + 2) * theta + phase[n]);
            }
            return r0 * r;
        }

        /** Inside, with the contour moved outward by {@code shift} (negative: inward). */
        boolean contains(double x, double y, double shift) {
            double dx = x - cx;
            double dy = y - cy;
            double d2 = dx * dx + dy * dy;
            double outer = r0 + spread + Math.abs(shift);
            if (d2 > outer * outer) {
                return false;
            }
            double inner = r0 - spread - Math.abs(shift);
            if (inner > 0 && d2 < inner * inner) {
                return true;
            }
            return Math.hypot(dx, dy) < radius(Math.atan2(dy, dx)) + shift;
        }
    }

    private static SegmentationCase phantom(Random rng, String id, int size, int experts) {
        double s = size;
        Blob body = Blob.random(rng, s / 2 + gauss(rng, s * 0.02), s / 2 + gauss(rng, s * 0.02),
                s * (0.40 + 0.05 * rng.nextDouble()), 0.12);
        double bodyLevel = 0.38 + 0.1 * rng.nextDouble();
        Blob target = Blob.random(rng, s / 2 + (rng.nextDouble() - 0.5) * s * 0.3,
                s / 2 + (rng.nextDouble() - 0.5) * s * 0.3, s * (0.10 + 0.06 * rng.nextDouble()), 0.35);
        double targetLevel = bodyLevel + (rng.nextBoolean() ? 1 : -1) * (0.18 + 0.15 * rng.nextDouble());
        double lobeAngle = rng.nextDouble() * 2 * Math.PI;
        double lobeR = target.radius(lobeAngle);
        Blob lobe = Blob.random(rng, target.cx() + Math.cos(lobeAngle) * lobeR, target.cy() + Math.sin(lobeAngle) * lobeR,
                target.r0() * (0.45 + 0.25 * rng.nextDouble()), 0.2);
        // Faint: a few hundredths above or below the surrounding tissue, towards the organ's own level.
        double lobeLevel = bodyLevel + Math.signum(targetLevel - bodyLevel) * (0.02 + 0.03 * rng.nextDouble());
        List<Blob> others = new ArrayList<>();
        List<Double> otherLevels = new ArrayList<>();
        int otherCount = 1 + rng.nextInt(3);
        for (int o = 0; o < otherCount; o++) {
            double angle = rng.nextDouble() * 2 * Math.PI;
            double dist = target.r0() * 1.6 + lobe.r0() + s * 0.05 + rng.nextDouble() * s * 0.12;
            others.add(Blob.random(rng, target.cx() + Math.cos(angle) * dist, target.cy() + Math.sin(angle) * dist,
                    s * (0.05 + 0.06 * rng.nextDouble()), 0.3));
            otherLevels.add(bodyLevel + (rng.nextBoolean() ? 1 : -1) * (0.15 + 0.25 * rng.nextDouble()));
        }

        int n = size * size;
        float[] image = new float[n];
        float[] targetShare = new float[n];
        float[] coreShare = new float[n];
        double sub = 1.0 / SUPERSAMPLE;
        double subArea = sub * sub;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double value = 0;
                double inTarget = 0;
                double inCore = 0;
                for (int sy = 0; sy < SUPERSAMPLE; sy++) {
                    for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                        double px = x + (sx + 0.5) * sub;
                        double py = y + (sy + 0.5) * sub;
                        double v = 0.03;
                        if (body.contains(px, py, 0)) {
                            v = bodyLevel;
                            for (int o = 0; o < others.size(); o++) {
                                if (others.get(o).contains(px, py, 0)) {
                                    v = otherLevels.get(o);
                                }
                            }
                            boolean core = target.contains(px, py, 0);
                            boolean inLobe = !core && lobe.contains(px, py, 0);
                            if (core) {
                                v = targetLevel;
                                inCore += subArea;
                            } else if (inLobe) {
                                v = lobeLevel;
                            }
                            if (core || inLobe) {
                                inTarget += subArea;
                            }
                        }
                        value += v * subArea;
                    }
                }
                image[y * size + x] = (float) value;
                targetShare[y * size + x] = (float) inTarget;
                coreShare[y * size + x] = (float) inCore;
            }
        }
        image = blur(image, size);
        addNoise(rng, image, size);

        byte[] reference = new byte[n];
        int minX = size;
        int minY = size;
        int maxX = -1;
        int maxY = -1;
        for (int p = 0; p < n; p++) {
            if (targetShare[p] >= 0.5f) {
                reference[p] = 1;
                minX = Math.min(minX, p % size);
                maxX = Math.max(maxX, p % size);
                minY = Math.min(minY, p / size);
                maxY = Math.max(maxY, p / size);
            }
        }
        if (maxX < 0) {
            return phantom(rng, id, size, experts);
        }
        int margin = Math.max(2, size / 32);
        BoxPrompt box = new BoxPrompt(Math.max(0, minX - 1 - rng.nextInt(margin)),
                Math.max(0, minY - 1 - rng.nextInt(margin)), Math.min(size, maxX + 2 + rng.nextInt(margin)),
                Math.min(size, maxY + 2 + rng.nextInt(margin)));

        List<byte[]> masks = new ArrayList<>(experts);
        for (int k = 1; k <= experts; k++) {
            masks.add(annotate(SimulatedExpert.ofExpert(k), rng, size, reference, coreShare, target, lobe, body, box));
        }
        return new SegmentationCase(id, ImageSlice.trusted(size, size, image), box, reference, masks);
    }

    private static byte[] annotate(SimulatedExpert profile, Random rng, int size, byte[] reference, float[] coreShare,
            Blob target, Blob lobe, Blob body, BoxPrompt box) {
        int n = size * size;
        byte[] mask = new byte[n];
        switch (profile) {
            case BOUNDARY -> {
                // Exact partial-volume contour of what is visible; the faint lobe is left out.
                for (int p = 0; p < n; p++) {
                    mask[p] = (byte) (coreShare[p] >= 0.5f ? 1 : 0);
                }
            }
            case LOW_CONTRAST -> {
                // Sees the lobe, but the contour wanders by up to ~2.5% of the image size.
                double amplitude = Math.max(1.5, size * 0.025);
                int waves = 3 + rng.nextInt(3);
                double phase = rng.nextDouble() * 2 * Math.PI;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double cx = x + 0.5;
                        double cy = y + 0.5;
                        double theta = Math.atan2(cy - target.cy(), cx - target.cx());
                        double shift = amplitude * Math.sin(waves * theta + phase);
                        boolean inside = target.contains(cx, cy, shift)
                                || (lobe.contains(cx, cy, shift * 0.5) && body.contains(cx, cy, 0));
                        mask[y * size + x] = (byte) (inside ? 1 : 0);
                    }
                }
            }
            case NOISY -> {
                // Scattered slips of the pen inside the box they were asked about.
                for (int p = 0; p < n; p++) {
                    boolean flip = box.contains(p % size, p / size) && rng.nextDouble() < 0.12;
                    mask[p] = (byte) (flip ? 1 - reference[p] : reference[p]);
                }
            }
            default -> throw new IllegalStateException(profile.name());
        }
        return mask;
    }

    private static float[] blur(float[] image, int size) {
        float[] horizontal = new float[image.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float l = image[y * size + Math.max(0, x - 1)];
                float r = image[y * size + Math.min(size - 1, x + 1)];
                horizontal[y * size + x] = 0.25f * l + 0.5f * image[y * size + x] + 0.25f * r;
            }
        }
        float[] out = new float[image.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                float u = horizontal[Math.max(0, y - 1) * size + x];
                float d = horizontal[Math.min(size - 1, y + 1) * size + x];
                out[y * size + x] = 0.25f * u + 0.5f * horizontal[y * size + x] + 0.25f * d;
            }
        }
        return out;
    }

    private static void addNoise(Random rng, float[] image, int size) {
        boolean mr = rng.nextBoolean();
        double sigma = 0.02 + 0.03 * rng.nextDouble();
        double gx = (rng.nextDouble() - 0.5) * 0.3;
        double gy = (rng.nextDouble() - 0.5) * 0.3;
        for (int p = 0; p < image.length; p++) {
            double v = image[p];
            if (mr) {
                // MR: smooth coil bias field, then Rician magnitude noise.
                double bias = 1 + gx * ((p % size) / (double) size - 0.5) + gy * ((p / size) / (double) size - 0.5);
                double re = v * bias + rng.nextGaussian() * sigma;
                double im = rng.nextGaussian() * sigma;
                v = Math.sqrt(re * re + im * im);
            } else {
                v += rng.nextGaussian() * sigma;
            }
            image[p] = (float) Math.min(1, Math.max(0, v));
        }
    }

    private static double gauss(Random rng, double sd) {
        return rng.nextGaussian() * sd;
    }
}
