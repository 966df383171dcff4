package io.consilium.server.fhir;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Results as the workflow would hand them to the facade. */
final class ResultViews {

    static final Instant MADE = Instant.parse("2026-11-27T08:00:00Z");
    static final Instant MERGED = Instant.parse("2026-11-27T09:30:00Z");

    private ResultViews() {
    }

    static AiResultView preliminary(String id, String study, String patientId) {
        return new AiResultView(id, study, study + ".1", patientId, "ACC1", AiResultView.Status.AWAITING_REVIEW, MADE,
                null, "phantom", "0123456789ab", "sha256:0123456789ab" + "0".repeat(52), "liver",
                List.of("rad1", "rad2"), 0.12, Map.of("rad1", 0.08, "rad2", 0.04), 1432.5, null, null, null);
    }

    static AiResultView merged(AiResultView result, double dice) {
        return new AiResultView(result.id(), result.studyInstanceUid(), result.seriesInstanceUid(), result.patientId(),
                result.accessionNumber(), AiResultView.Status.FINAL, result.createdAt(), MERGED, result.modelName(),
                result.modelVersion(), result.modelWeightsDigest(), result.structure(), result.experts(),
                result.deferralRate(), result.expertShare(), result.volumeMl(), dice, "2.25.777", null);
    }

    static ReviewTaskView task(String id, AiResultView result, String expert, int index, ReviewTaskView.Status status) {
        return new ReviewTaskView(id, result.id(), result.studyInstanceUid(), result.patientId(),
                result.accessionNumber(), expert, index, status, ReviewTaskView.Priority.ROUTINE, MADE, MADE,
                MADE.plusSeconds(86_400), 1200, status == ReviewTaskView.Status.COMPLETED ? 1200 : 300);
    }

    static ResultDocumentView seg(String id, AiResultView result) {
        return new ResultDocumentView(id, ResultDocumentView.Kind.DICOM_SEG, "Liver segmentation (DICOM SEG)",
                new byte[] {0x44, 0x49, 0x43, 0x4D, 1, 2, 3}, MERGED, result.patientId(), result.studyInstanceUid(),
                "DiagnosticReport/" + result.id(), "2.25.777", ResultDocumentView.Status.FINAL);
    }

    static ResultDocumentView stl(String id) {
        return new ResultDocumentView(id, ResultDocumentView.Kind.STL, "Abutment 36 (STL)",
                "solid abutment\nendsolid abutment\n".getBytes(StandardCharsets.US_ASCII), MERGED, null, null, null,
                null, ResultDocumentView.Status.FINAL);
    }
}
