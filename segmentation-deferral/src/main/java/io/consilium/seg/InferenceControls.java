package io.consilium.seg;

import java.util.Set;

/**
 * What the reading team allows at inference.
 *
 * @param deferralBudget  the largest share of pixels that may be deferred, 0..1 (1 = no limit); met by lowering
 *                        all expert channel scores by one shift until few enough pixels prefer an expert
 * @param absentExperts   experts (1-based) not available now: their channels are masked, their pixels go to
 *                        the next best channel (another expert or the AI)
 * @param minRegionPixels deferred regions (4-connected, same expert) smaller than this go back to the AI, so
 *                        no expert is asked about salt-and-pepper pixels; 0 or 1 keeps every region
 */
public record InferenceControls(double deferralBudget, Set<Integer> absentExperts, int minRegionPixels) {

    public static final InferenceControls UNCONSTRAINED = new InferenceControls(1.0, Set.of(), 0);

    public InferenceControls {
        if (!(deferralBudget >= 0 && deferralBudget <= 1)) {
            throw new IllegalArgumentException("deferral budget must be a share between 0 and 1, got " + deferralBudget);
        }
        if (minRegionPixels < 0) {
            throw new IllegalArgumentException("minimum region size must be >= 0 pixels, got " + minRegionPixels);
        }
        absentExperts = Set.copyOf(absentExperts);
    }

    public InferenceControls withBudget(double budget) {
        return new InferenceControls(budget, absentExperts, minRegionPixels);
    }

    boolean available(int expert) {
        return !absentExperts.contains(expert);
    }
}
