package io.consilium.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A sealed record as stored. The sealer inserts it (see {@link AuditLedger}) and queries read it; every column
 * is insert-only and there is no update or delete path in the code.
 */
@Entity
@Table(name = "audit_record")
@IdClass(AuditRecordEntity.Key.class)
class AuditRecordEntity {

    @Id
    @Column(length = 64, updatable = false)
    String stream;

    @Id
    @Column(updatable = false)
    long sequence;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    Instant recordedAt;

    @Column(name = "actor_kind", nullable = false, length = 16, updatable = false)
    String actorKind;

    @Column(name = "actor_id", nullable = false, updatable = false)
    String actorId;

    @Column(name = "actor_role", nullable = false, length = 64, updatable = false)
    String actorRole;

    @Column(name = "model_version", nullable = false, length = 64, updatable = false)
    String modelVersion;

    @Column(name = "weights_digest", nullable = false, length = 128, updatable = false)
    String weightsDigest;

    @Column(nullable = false, length = 64, updatable = false)
    String action;

    @Column(nullable = false, length = 4000, updatable = false)
    String targets;

    @Column(nullable = false, length = 16, updatable = false)
    String outcome;

    @Column(name = "outcome_text", nullable = false, length = 1024, updatable = false)
    String outcomeText;

    @Column(nullable = false, length = 255, updatable = false)
    String source;

    /** Protected field: the only place a patient identifier is kept. */
    @Column(name = "patient_id", nullable = false, length = 128, updatable = false)
    String patientId;

    @Column(name = "input_digests", nullable = false, length = 4000, updatable = false)
    String inputDigests;

    @Column(name = "output_digests", nullable = false, length = 4000, updatable = false)
    String outputDigests;

    @Column(nullable = false, length = 65536, updatable = false)
    String detail;

    @Column(name = "previous_hash", nullable = false, length = 64, updatable = false)
    String previousHash;

    @Column(nullable = false, length = 64, updatable = false)
    String hash;

    AuditRecordEntity() {
    }

    AuditRecordEntity(StoredRecord row) {
        stream = row.stream();
        sequence = row.sequence();
        recordedAt = row.recordedAt();
        actorKind = row.actorKind();
        actorId = row.actorId();
        actorRole = row.actorRole();
        modelVersion = row.modelVersion();
        weightsDigest = row.weightsDigest();
        action = row.action();
        targets = row.targets();
        outcome = row.outcome();
        outcomeText = row.outcomeText();
        source = row.source();
        patientId = row.patientId();
        inputDigests = row.inputDigests();
        outputDigests = row.outputDigests();
        detail = row.detail();
        previousHash = row.previousHash();
        hash = row.hash();
    }

    SealedRecord toRecord() {
        return new StoredRecord(stream, sequence, recordedAt, actorKind, actorId, actorRole, modelVersion,
                weightsDigest, action, targets, outcome, outcomeText, source, patientId, inputDigests, outputDigests,
                detail, previousHash, hash).toRecord();
    }

    /** Primary key: a record is its position in its stream. */
    static class Key implements Serializable {
        String stream;
        long sequence;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sequence == sequence && Objects.equals(key.stream, stream);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stream, sequence);
        }
    }
}
