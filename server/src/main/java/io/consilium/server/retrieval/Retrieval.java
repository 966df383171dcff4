package io.consilium.server.retrieval;

import java.time.Instant;

/**
 * A study retrieval as callers see it: state, how many instances the PACS listed ({@code expected}, null
 * until listed) and how many of them the archive holds, the latest C-MOVE sub-operation counts, and the
 * reason of the latest failure (the final one when FAILED).
 */
public record Retrieval(String id, String studyInstanceUid, RetrievalState state, int attempts, Integer expected,
        int stored, SubOperations subOperations, String error, String requestedBy, Instant createdAt,
        Instant updatedAt, Instant nextAttemptAt, Instant finishedAt) {

    /** C-MOVE progress of the current or latest attempt. */
    public record SubOperations(int remaining, int completed, int failed) {
    }
}
