package io.consilium.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The end of a stream's chain. Writers lock this row to append, so any number of threads and processes
 * sharing one database extend one chain without gaps or forks.
 */
@Entity
@Table(name = "audit_stream")
class AuditStreamHead {

    @Id
    @Column(length = 64)
    String stream;

    @Column(name = "last_sequence", nullable = false)
    long lastSequence;

    @Column(name = "last_hash", nullable = false, length = 64)
    String lastHash;

    /** Fixed when the stream is opened, so a later configuration change cannot hide a removed checkpoint. */
    @Column(name = "checkpoint_interval", nullable = false, updatable = false)
    int checkpointInterval;
}
