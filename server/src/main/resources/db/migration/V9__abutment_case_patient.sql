-- An abutment case may name its patient (DICOM Patient ID, as the archive's instances do), so that its designs
-- appear in the FHIR facade under the patient; cases made before stay without one.
ALTER TABLE abutment_case ADD COLUMN patient_id VARCHAR(64);
CREATE INDEX ix_abutment_case_patient ON abutment_case (patient_id);
