-- The audit trail (issue 7): append-only records hash-chained per stream, the head of each stream's chain
-- (locked by writers), and signed checkpoints. The application never updates or deletes a record.
CREATE TABLE audit_stream (
    stream               VARCHAR(64) PRIMARY KEY,
    last_sequence        BIGINT      NOT NULL,
    last_hash            VARCHAR(64) NOT NULL,
    checkpoint_interval  INTEGER     NOT NULL
);

CREATE TABLE audit_record (
    stream          VARCHAR(64)    NOT NULL,
    sequence        BIGINT         NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_kind      VARCHAR(16)    NOT NULL,
    actor_id        VARCHAR(255)   NOT NULL,
    actor_role      VARCHAR(64)    NOT NULL,
    model_version   VARCHAR(64)    NOT NULL,
    weights_digest  VARCHAR(128)   NOT NULL,
    action          VARCHAR(64)    NOT NULL,
    targets         VARCHAR(4000)  NOT NULL,
    outcome         VARCHAR(16)    NOT NULL,
    outcome_text    VARCHAR(1024)  NOT NULL,
    source          VARCHAR(255)   NOT NULL,
    patient_id      VARCHAR(128)   NOT NULL,
    input_digests   VARCHAR(4000)  NOT NULL,
    output_digests  VARCHAR(4000)  NOT NULL,
    detail          VARCHAR(65536) NOT NULL,
    previous_hash   VARCHAR(64)    NOT NULL,
    hash            VARCHAR(64)    NOT NULL,
    CONSTRAINT pk_audit_record PRIMARY KEY (stream, sequence)
);
-- The query API filters by patient, user, action and time, newest first.
CREATE INDEX ix_audit_record_patient ON audit_record (patient_id, recorded_at);
CREATE INDEX ix_audit_record_actor ON audit_record (actor_id, recorded_at);
CREATE INDEX ix_audit_record_action ON audit_record (action, recorded_at);
CREATE INDEX ix_audit_record_recorded_at ON audit_record (recorded_at);

CREATE TABLE audit_checkpoint (
    stream       VARCHAR(64)  NOT NULL,
    sequence     BIGINT       NOT NULL,
    record_hash  VARCHAR(64)  NOT NULL,
    key_id       VARCHAR(16)  NOT NULL,
    signature    VARCHAR(128) NOT NULL,
    signed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_audit_checkpoint PRIMARY KEY (stream, sequence)
);
