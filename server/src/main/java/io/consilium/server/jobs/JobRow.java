package io.consilium.server.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "job")
class JobRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, length = 32)
    String type;

    @Column(name = "dedupe_key", length = 200)
    String dedupeKey;

    @Column(nullable = false, length = 4000)
    String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    JobStatus status;

    @Column(nullable = false)
    int attempts;

    @Column(name = "max_attempts", nullable = false)
    int maxAttempts;

    @Column(name = "run_after", nullable = false)
    Instant runAfter;

    @Column(name = "lease_owner", length = 128)
    String leaseOwner;

    @Column(name = "lease_token", length = 36)
    String leaseToken;

    @Column(name = "lease_until")
    Instant leaseUntil;

    @Column(name = "last_error", length = 2000)
    String lastError;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    JobView view() {
        return new JobView(id, type, dedupeKey, status, attempts, maxAttempts, runAfter, leaseOwner, leaseUntil,
                lastError, createdAt, finishedAt);
    }
}
