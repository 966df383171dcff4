-- FHIR searches by order (ImagingStudy?based-on:identifier=<accession>) start from this index instead of
-- reading every stored instance.
CREATE INDEX ix_dicom_instance_accession ON dicom_instance (accession_number);
