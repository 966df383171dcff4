package io.consilium.server.retrieval;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Row of a study retrieval job. */
@Entity
@Table(name = "study_retrieval")
class RetrievalJob {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "study_instance_uid", nullable = false, length = 64)
    String studyInstanceUid;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    RetrievalState state;

    @Column(nullable = false)
    int attempts;

    @Column(name = "expected_count")
    Integer expectedCount;

    @Column(name = "stored_count", nullable = false)
    int storedCount;

    @Column(name = "completed_sub_ops", nullable = false)
    int completedSubOps;

    @Column(name = "failed_sub_ops", nullable = false)
    int failedSubOps;

    @Column(name = "remaining_sub_ops", nullable = false)
    int remainingSubOps;

    @Column(name = "last_error", nullable = false, length = 1024)
    String lastError = "";

    @Column(name = "requested_by", nullable = false, length = 64)
    String requestedBy;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "next_attempt_at")
    Instant nextAttemptAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "study_retrieval_instance", joinColumns = @JoinColumn(name = "retrieval_id"))
    @Column(name = "sop_instance_uid", length = 64)
    Set<String> listedInstances = new HashSet<>();

    Retrieval view() {
        return new Retrieval(id, studyInstanceUid, state, attempts, expectedCount, storedCount,
                new Retrieval.SubOperations(remainingSubOps, completedSubOps, failedSubOps), lastError.isEmpty() ? null
                        : lastError, requestedBy, createdAt, updatedAt, nextAttemptAt, finishedAt);
    }
}
