package io.consilium.server.fhir;

import java.time.Instant;

/**
 * A file Consilium produced for a result: the DICOM SEG of a merged segmentation or the STL of an abutment
 * design.
 *
 * @param relatedResource what it documents, as a FHIR reference ({@code DiagnosticReport/ID}), or null
 * @param patientId       the patient, null when not known (e.g. a dental case without a Patient ID)
 * @param dicomInstanceUid the SOP Instance UID of a DICOM SEG, else null
 * @param status          whether the result it belongs to may still change, is signed off, or was rejected
 */
public record ResultDocumentView(String id, Kind kind, String title, byte[] content, Instant createdAt,
        String patientId, String studyInstanceUid, String relatedResource, String dicomInstanceUid,
        Status status) {

    public enum Status {
        /** The result it belongs to may still change (under review). */
        PRELIMINARY,
        /** Signed off. */
        FINAL,
        /** A reviewer rejected it: not to be used. */
        REJECTED
    }

    public enum Kind {
        DICOM_SEG("application/dicom"),
        STL("model/stl");

        public final String contentType;

        Kind(String contentType) {
            this.contentType = contentType;
        }
    }
}
