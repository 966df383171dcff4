package io.consilium.server.fhir;

import java.time.Instant;

/**
 * One expert's review work on one result (the pixels deferred to them), as the FHIR facade needs it.
 *
 * @param expert       the expert's user name (Keycloak preferred_username)
 * @param deadline     when the fallback applies if not completed, null for none
 * @param regionPixels pixels deferred to this expert
 * @param donePixels   pixels they have labelled so far
 */
public record ReviewTaskView(String id, String resultId, String studyInstanceUid, String patientId,
        String accessionNumber, String expert, int expertIndex, Status status, Priority priority, Instant createdAt,
        Instant lastModified, Instant deadline, long regionPixels, long donePixels) {

    /** The REST API's task states. */
    public enum Status {
        READY, IN_PROGRESS, COMPLETED,
        /** The deadline passed and the configured fallback decided the remaining pixels. */
        EXPIRED,
        /** Its result was superseded or withdrawn before the review was done. */
        CANCELLED
    }

    public enum Priority {
        ROUTINE, URGENT
    }
}
