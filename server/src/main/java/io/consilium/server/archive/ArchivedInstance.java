package io.consilium.server.archive;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Index row of an archived instance. */
@Entity
@Table(name = "dicom_instance")
class ArchivedInstance {

    @Id
    @Column(name = "sop_instance_uid", length = 64)
    String sopInstanceUid;

    @Column(name = "sop_class_uid", nullable = false, length = 64)
    String sopClassUid;

    @Column(name = "study_instance_uid", nullable = false, length = 64)
    String studyInstanceUid;

    @Column(name = "series_instance_uid", nullable = false, length = 64)
    String seriesInstanceUid;

    @Column(name = "transfer_syntax_uid", nullable = false, length = 64)
    String transferSyntaxUid;

    @Column(nullable = false, length = 16)
    String modality;

    @Column(name = "instance_number")
    Integer instanceNumber;

    @Column(name = "series_number")
    Integer seriesNumber;

    @Column(name = "series_description", nullable = false, length = 64)
    String seriesDescription;

    @Column(name = "body_part_examined", nullable = false, length = 16)
    String bodyPartExamined;

    @Column(name = "patient_id", nullable = false, length = 64)
    String patientId;

    @Column(name = "study_date", nullable = false, length = 8)
    String studyDate;

    @Column(name = "accession_number", nullable = false, length = 16)
    String accessionNumber;

    @Column(name = "file_path", nullable = false, length = 512)
    String filePath;

    @Column(name = "size_bytes", nullable = false)
    long sizeBytes;

    @Column(nullable = false, length = 64)
    String sha256;

    @Column(nullable = false, length = 64)
    String source;

    @Column(name = "received_at", nullable = false)
    Instant receivedAt;

    StoredInstance view() {
        return new StoredInstance(sopInstanceUid, sopClassUid, studyInstanceUid, seriesInstanceUid, transferSyntaxUid,
                modality, instanceNumber, seriesNumber, seriesDescription, bodyPartExamined, patientId, studyDate,
                accessionNumber, sizeBytes, sha256, source, receivedAt);
    }
}
