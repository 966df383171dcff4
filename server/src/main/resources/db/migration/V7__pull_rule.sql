-- Studies the pull rule has asked the PACS for: one row per study, claimed by whichever server instance inserts
-- it first, so several instances polling the same PACS request each study once.
CREATE TABLE pulled_study (
    study_instance_uid VARCHAR(64) PRIMARY KEY,
    claimed_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
