package io.consilium.server.abutment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "abutment_case")
class AbutmentCaseRow {

    @Id
    @Column(length = 36)
    String id;

    @Column(name = "case_id", nullable = false, length = 128)
    String caseId;

    /** PROPOSED, APPROVED or REJECTED. */
    @Column(nullable = false, length = 16)
    String status;

    /** The DICOM Patient ID, null when the case was made without one. */
    @Column(name = "patient_id", length = 64)
    String patientId;

    @Column(name = "case_json", nullable = false, length = 1_000_000)
    String caseJson;

    @Column(name = "proposal_json", nullable = false, length = 1_000_000)
    String proposalJson;

    /** The design as decided (the proposal, or the person's edit of it). */
    @Column(name = "design_json", length = 1_000_000)
    String designJson;

    @Column(name = "model_version", nullable = false, length = 128)
    String modelVersion;

    @Column(length = 2000)
    String reason;

    @Column(name = "created_by", nullable = false, length = 64)
    String createdBy;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "decided_by", length = 64)
    String decidedBy;

    @Column(name = "decided_at")
    Instant decidedAt;
}
