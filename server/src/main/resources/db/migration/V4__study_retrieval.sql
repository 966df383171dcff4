-- Study retrieval jobs (C-FIND the PACS's list, C-MOVE to us, verify against the archive), durable so that a
-- restart of the server or of the PACS resumes them. Self-contained: a generic job queue can drive them later.
CREATE TABLE study_retrieval (
    id                  VARCHAR(36)   PRIMARY KEY,
    study_instance_uid  VARCHAR(64)   NOT NULL,
    state               VARCHAR(16)   NOT NULL,
    attempts            INTEGER       NOT NULL,
    expected_count      INTEGER,
    stored_count        INTEGER       NOT NULL,
    completed_sub_ops   INTEGER       NOT NULL,
    failed_sub_ops      INTEGER       NOT NULL,
    remaining_sub_ops   INTEGER       NOT NULL,
    last_error          VARCHAR(1024) NOT NULL,
    requested_by        VARCHAR(64)   NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at     TIMESTAMP WITH TIME ZONE,
    finished_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_study_retrieval_state ON study_retrieval (state);

-- The SOP instances the PACS listed for the study: the job is complete only when every one is archived.
CREATE TABLE study_retrieval_instance (
    retrieval_id        VARCHAR(36)   NOT NULL REFERENCES study_retrieval (id),
    sop_instance_uid    VARCHAR(64)   NOT NULL,
    PRIMARY KEY (retrieval_id, sop_instance_uid)
);
