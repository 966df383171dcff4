package io.consilium.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A signed statement "stream S had hash H at record N". Insert-only. */
@Entity
@Table(name = "audit_checkpoint")
@IdClass(AuditRecordEntity.Key.class)
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
}
