-- Instances the index held whose file was gone when the archive was reconciled at start-up: taken out of
-- dicom_instance (nothing lists or serves what cannot be delivered) and kept here, so the loss stays on record.
-- Storing the instance again indexes it anew.
CREATE TABLE dicom_instance_missing (
    sop_instance_uid     VARCHAR(64)  PRIMARY KEY,
    study_instance_uid   VARCHAR(64)  NOT NULL,
    series_instance_uid  VARCHAR(64)  NOT NULL,
    file_path            VARCHAR(512) NOT NULL,
    sha256               CHAR(64)     NOT NULL,
    source               VARCHAR(64)  NOT NULL,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    missing_since        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_dicom_instance_missing_study ON dicom_instance_missing (study_instance_uid);
