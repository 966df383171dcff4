package io.consilium.server.jobs;

import java.time.Instant;

/** A job as operators see it. */
public record JobView(long id, String type, String dedupeKey, JobStatus status, int attempts, int maxAttempts,
        Instant runAfter, String leaseOwner, Instant leaseUntil, String lastError, Instant createdAt,
        Instant finishedAt) {
}
