-- The built-in DICOM archive: one row per stored SOP instance; the Part-10 file lives under the data
-- directory (or a shared volume when several instances run). Identifying attributes are indexed for
-- QIDO-RS / C-FIND matching and for routing; patient names stay in the files only.
CREATE TABLE dicom_instance (
    sop_instance_uid     VARCHAR(64)  PRIMARY KEY,
    sop_class_uid        VARCHAR(64)  NOT NULL,
    study_instance_uid   VARCHAR(64)  NOT NULL,
    series_instance_uid  VARCHAR(64)  NOT NULL,
    transfer_syntax_uid  VARCHAR(64)  NOT NULL,
    modality             VARCHAR(16)  NOT NULL,
    instance_number      INTEGER,
    series_number        INTEGER,
    series_description   VARCHAR(64)  NOT NULL,
    body_part_examined   VARCHAR(16)  NOT NULL,
    patient_id           VARCHAR(64)  NOT NULL,
    study_date           VARCHAR(8)   NOT NULL,
    accession_number     VARCHAR(16)  NOT NULL,
    file_path            VARCHAR(512) NOT NULL,
    size_bytes           BIGINT       NOT NULL,
    sha256               CHAR(64)     NOT NULL,
    source               VARCHAR(64)  NOT NULL,
    received_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_dicom_instance_study ON dicom_instance (study_instance_uid, series_instance_uid);
CREATE INDEX ix_dicom_instance_patient ON dicom_instance (patient_id);
