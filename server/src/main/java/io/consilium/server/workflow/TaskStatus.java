package io.consilium.server.workflow;

/** A review Task's state. */
public enum TaskStatus {
    /** Created, nothing saved yet. */
    READY,
    /** At least one slice saved. */
    IN_PROGRESS,
    COMPLETED,
    /** The deadline passed before completion; the configured fallback decided its pixels. */
    EXPIRED,
    /** Its result was superseded (the series changed) before the Task was completed. */
    CANCELLED
}
