package io.consilium.seg;

/**
 * The kinds of annotator the synthetic generator simulates, each with its own strength, so that a model can
 * learn whom to defer to. Expert k (1-based) of a synthetic set has profile {@code values()[(k - 1) % 3]}.
 */
public enum SimulatedExpert {
    /** Exact contours at partial-volume edges, but misses faint low-contrast tissue. */
    BOUNDARY,
    /** Finds faint low-contrast tissue, but draws contours a few pixels off. */
    LOW_CONTRAST,
    /** Right on average, with scattered pixel errors all over the structure. */
    NOISY;

    public static SimulatedExpert ofExpert(int expert) {
        return values()[(expert - 1) % values().length];
    }
}
