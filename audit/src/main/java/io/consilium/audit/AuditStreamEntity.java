package io.consilium.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The head of a stream's chain as stored: its last record's sequence number and hash. The sealer moves it
 * only by compare-and-set from the head it sealed onto (see {@link AuditLedger}); locking this row
 * serialises every writer of the stream.
 */
@Entity
@Table(name = "audit_stream")
class AuditStreamEntity {

    @Id
    @Column(length = 64, updatable = false)
    String stream;

    @Column(name = "last_sequence", nullable = false)
    long lastSequence;

    @Column(name = "last_hash", nullable = false, length = 64)
    String lastHash;

    @Column(name = "checkpoint_interval", nullable = false, updatable = false)
    int checkpointInterval;

    AuditLedger.Head head() {
        return new AuditLedger.Head(lastSequence, lastHash, checkpointInterval);
    }
}
