package io.consilium.server.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the review API (CONTRACTS.md); byte layers are serialised as base64. */
public final class Views {

    private Views() {
    }

    /** A segmentation result: preliminary (AWAITING_REVIEW) or FINAL. */
    public record Result(String id, String studyInstanceUid, String seriesInstanceUid, ResultStatus status,
            String task, String prompt, int rows, int columns, int sliceCount, List<String> experts,
            double deferralRate, Map<String, Double> expertShare, double aiVolumeMl, Double volumeMl,
            Long fallbackPixels, String segInstanceUid, String diagnosticReport, Model model, Instant createdAt,
            Instant reviewDeadline, Instant finalizedAt, String failure) {
    }

    /** The model that made a result, as stored with it ({@code weightsDigest} {@code unknown} before V11). */
    public record Model(String name, String version, String weightsDigest) {
    }

    /** One slice's layers: 0/1 AI mask, deferral (0 = AI, i+1 = expert i), confidence 0..255; merged after FINAL. */
    public record Slice(int index, String sopInstanceUid, byte[] aiMask, byte[] deferral, byte[] confidence,
            byte[] merged, byte[] provenance) {
    }

    public record Task(String id, String resultId, String studyInstanceUid, String expert, int expertIndex,
            TaskStatus status, String priority, Instant createdAt, Instant deadline, long regionPixels,
            long donePixels) {
    }

    public record TaskDetail(String id, String resultId, String studyInstanceUid, String expert, int expertIndex,
            TaskStatus status, String priority, Instant createdAt, Instant deadline, long regionPixels,
            long donePixels, int rows, int columns, List<SliceRef> slices) {
    }

    public record SliceRef(int index, String sopInstanceUid) {
    }

    /** What an expert edits on one slice: their region (1 = theirs) and their current labels. */
    public record TaskSlice(int index, byte[] region, byte[] labels) {
    }

    /** Body of {@code PUT /api/tasks/{id}/slices/{k}}. */
    public record Labels(byte[] labels) {
    }
}
