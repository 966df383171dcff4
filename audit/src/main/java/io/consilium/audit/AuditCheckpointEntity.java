package io.consilium.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A signed checkpoint: the hash of the record at {@code sequence}, signed with the audit key. Insert-only. */
@Entity
@Table(name = "audit_checkpoint")
@IdClass(AuditCheckpointEntity.Key.class)
class AuditCheckpointEntity {

    @Id
    @Column(length = 64, updatable = false)
    String stream;

    @Id
    @Column(updatable = false)
    long sequence;

    @Column(name = "record_hash", nullable = false, length = 64, updatable = false)
    String recordHash;

    @Column(name = "key_id", nullable = false, length = 16, updatable = false)
    String keyId;

    @Column(nullable = false, length = 128, updatable = false)
    String signature;

    @Column(name = "signed_at", nullable = false, updatable = false)
    Instant signedAt;

    AuditCheckpointEntity() {
    }

    AuditCheckpointEntity(StoredRecord record, String keyId, String signature, Instant signedAt) {
        this.stream = record.stream();
        this.sequence = record.sequence();
        this.recordHash = record.hash();
        this.keyId = keyId;
        this.signature = signature;
        this.signedAt = signedAt;
    }

    /** Primary key: one checkpoint per record at most. */
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
