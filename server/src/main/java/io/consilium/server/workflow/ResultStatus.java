package io.consilium.server.workflow;

/** A segmentation result's state; AWAITING_REVIEW is the preliminary result (AI output, Tasks open). */
public enum ResultStatus {
    AWAITING_REVIEW,
    FINAL,
    /** Instances of the series arrived after this preliminary result; a newer result of the series replaces it. */
    SUPERSEDED,
    /**
     * Its series changed and could not be segmented again, or merged (e.g. two slices share a position): the
     * preliminary result must not be used, its Tasks are cancelled, and the reason is kept with it.
     */
    WITHDRAWN
}
