package io.consilium.server.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the workflow knows of one AI segmentation result, as the FHIR facade needs it (DiagnosticReport,
 * Observations, Provenance). The workflow supplies these through {@link ClinicalResults}.
 *
 * @param id                 the result's id (a valid FHIR id: letters, digits, '-', '.')
 * @param accessionNumber    the order's accession number, empty when the study came without one
 * @param status             where the result stands
 * @param createdAt          when the AI result was made (the preliminary report)
 * @param finalizedAt        when the merged result became final, null before
 * @param modelName          the model that made this result, as {@link AiModel#name()} (stored with the result)
 * @param modelVersion       its version, as {@link AiModel#version()}
 * @param modelWeightsDigest its weights digest, as {@link AiModel#weightsDigest()}
 * @param structure          what was segmented, in words (e.g. "liver")
 * @param experts            the experts pixels could be deferred to, by expert index (user names)
 * @param deferralRate       share of the segmented region's pixels deferred to experts, 0..1
 * @param expertShare        per expert (user name): share of pixels deferred to them, 0..1
 * @param volumeMl           the segmented structure's volume, null when the geometry does not give one
 * @param dice               Dice overlap with a reference segmentation, null when no reference is known
 * @param segInstanceUid     SOP Instance UID of the DICOM SEG, null until written
 * @param withdrawnBecause   why a WITHDRAWN result was withdrawn, null otherwise
 */
public record AiResultView(String id, String studyInstanceUid, String seriesInstanceUid, String patientId,
        String accessionNumber, Status status, Instant createdAt, Instant finalizedAt, String modelName,
        String modelVersion, String modelWeightsDigest, String structure, List<String> experts, double deferralRate,
        Map<String, Double> expertShare, Double volumeMl, Double dice, String segInstanceUid,
        String withdrawnBecause) {

    /** The result's state (the REST API's words). */
    public enum Status {
        /** AI result published, experts reviewing their pixels. */
        AWAITING_REVIEW,
        /** Merged with the experts' pixels, published. */
        FINAL,
        /** The series gained instances after this preliminary result; a newer report of the series replaces it. */
        SUPERSEDED,
        /** Its series could not be segmented again or merged; {@code withdrawnBecause} says why. */
        WITHDRAWN
    }
}
