package io.consilium.server.study;

import java.time.Instant;

/** What the worklist shows of a study; {@code resultId} names its latest segmentation result, if any. */
public record StudySummary(String studyInstanceUid, String modality, String description, StudyStatus status,
        Instant receivedAt, String resultId) {
}
