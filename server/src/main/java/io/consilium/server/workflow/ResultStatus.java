package io.consilium.server.workflow;

/** A segmentation result's state; AWAITING_REVIEW is the preliminary result (AI output, Tasks open). */
public enum ResultStatus {
    AWAITING_REVIEW,
    FINAL,
    /** Instances of the series arrived after this preliminary result; a newer result of the series replaces it. */
    SUPERSEDED
}
