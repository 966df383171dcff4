package io.consilium.server.jobs;

/**
 * A job as a worker holds it: {@code attempt} counts from 1, {@code leaseToken} fences its effects (a worker
 * whose lease was taken over can no longer complete it).
 */
public record Job(long id, String type, String payload, int attempt, int maxAttempts, String leaseToken) {
}
