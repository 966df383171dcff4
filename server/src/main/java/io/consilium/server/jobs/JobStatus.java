package io.consilium.server.jobs;

/** Where a job stands in the queue. */
public enum JobStatus {
    /** Waiting for a worker (again, after a retryable failure or an expired lease). */
    PENDING,
    /** Held by a worker under a lease. */
    RUNNING,
    /** Finished; its effects are committed. */
    DONE,
    /** Given up: a permanent error, or retries exhausted. The error names the cause. */
    FAILED
}
