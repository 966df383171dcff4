package io.consilium.server.fhir;

import java.time.Instant;
import java.util.List;

/**
 * An abutment case's design as the FHIR facade needs it (DocumentReference and Binary per implant, Provenance):
 * the model proposes, a dentist approves (possibly an edited design) or rejects with a reason.
 *
 * @param id           the case's id (a valid FHIR id)
 * @param caseId       the case's own identifier, as the lab or practice named it
 * @param patientId    the DICOM Patient ID, null when the case was made without one
 * @param modelVersion the version of the model that proposed the design, as {@link AiModel#version()}
 * @param createdBy    who submitted the case (user name)
 * @param decidedBy    who approved or rejected it, null while proposed
 * @param edited       the approved or rejected design differs from the model's proposal
 * @param reason       why it was rejected (or the note given with an approval), null for none
 * @param teeth        FDI numbers of the implants whose abutment has an STL (feasible designs), in case order
 */
public record AbutmentDesignView(String id, String caseId, Status status, String patientId, String modelVersion,
        String createdBy, Instant createdAt, String decidedBy, Instant decidedAt, boolean edited, String reason,
        List<Integer> teeth) {

    /** The REST API's case states. */
    public enum Status {
        PROPOSED, APPROVED, REJECTED
    }

    /** When the design last changed: the decision, else the proposal. */
    public Instant updated() {
        return decidedAt != null ? decidedAt : createdAt;
    }
}
