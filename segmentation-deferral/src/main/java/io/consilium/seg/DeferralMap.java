package io.consilium.seg;

/** Per pixel, who decides it: 0 = the AI, k = expert k (1-based). */
public final class DeferralMap {

    private final int width;
    private final int height;
    private final int experts;
    private final byte[] owners;

    DeferralMap(int width, int height, int experts, byte[] owners) {
        this.width = width;
        this.height = height;
        this.experts = experts;
        this.owners = owners;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 0 when the AI decides pixel (x, y), else the expert it is deferred to. */
    public int ownerAt(int x, int y) {
        return owners[y * width + x];
    }

    /** Share of pixels deferred to any expert, 0..1. */
    public double deferralRate() {
        long deferred = 0;
        for (byte owner : owners) {
            if (owner != 0) {
                deferred++;
            }
        }
        return (double) deferred / owners.length;
    }

    /** Pixels routed to each expert, index 0 = expert 1. */
    public long[] workload() {
        long[] counts = new long[experts];
        for (byte owner : owners) {
            if (owner != 0) {
                counts[owner - 1]++;
            }
        }
        return counts;
    }
}
