package io.consilium.server.fhir;

import java.util.Set;

/**
 * What an ImagingStudy search asks for; null or empty criteria match everything.
 *
 * @param studyInstanceUids any of these studies
 * @param patientId         studies with an instance of this DICOM Patient ID
 * @param dateFrom          study date on or after, {@code yyyyMMdd}
 * @param dateTo            study date on or before, {@code yyyyMMdd}
 * @param modalities        studies with a series of any of these modalities
 * @param accessionNumber   studies of this order (accession number)
 * @param withInstances     true: only studies whose instances are stored ("available"); false: only those
 *                          registered without instances yet
 */
record StudySearch(Set<String> studyInstanceUids, String patientId, String dateFrom, String dateTo,
        Set<String> modalities, String accessionNumber, Boolean withInstances) {
}
