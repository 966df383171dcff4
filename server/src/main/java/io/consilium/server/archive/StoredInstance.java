package io.consilium.server.archive;

import java.time.Instant;

/**
 * One SOP instance held by the built-in archive, as indexed (the pixel data stays in the file). Carries the
 * Patient ID for matching and references: never log it.
 */
public record StoredInstance(
        String sopInstanceUid,
        String sopClassUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String transferSyntaxUid,
        String modality,
        Integer instanceNumber,
        Integer seriesNumber,
        String seriesDescription,
        String bodyPartExamined,
        String patientId,
        String studyDate,
        String accessionNumber,
        long sizeBytes,
        String sha256,
        String source,
        Instant receivedAt) {
}
