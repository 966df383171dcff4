package io.consilium.server.study;

/** Where a study stands in Consilium's workflow. */
public enum StudyStatus {
    /** All instances stored, waiting for segmentation. */
    RECEIVED,
    /** The AI is segmenting it. */
    SEGMENTING,
    /** Experts are reviewing the pixels deferred to them. */
    IN_REVIEW,
    /** Merged result published. */
    FINAL,
    /** Processing stopped with an error that names the cause. */
    FAILED
}
