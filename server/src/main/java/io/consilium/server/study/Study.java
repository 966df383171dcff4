package io.consilium.server.study;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A DICOM study known to Consilium. */
@Entity
@Table(name = "study")
class Study {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "study_instance_uid", nullable = false, unique = true, length = 64)
    String studyInstanceUid;

    @Column(nullable = false, length = 16)
    String modality;

    @Column(nullable = false)
    String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    StudyStatus status;

    @Column(name = "received_at", nullable = false)
    Instant receivedAt;

    @Column(name = "result_id", length = 36)
    String resultId;

    StudySummary summary() {
        return new StudySummary(studyInstanceUid, modality, description, status, receivedAt, resultId);
    }
}
