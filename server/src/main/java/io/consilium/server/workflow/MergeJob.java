package io.consilium.server.workflow;

import io.consilium.audit.AuditEvent;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Segmentation;
import io.consilium.dicom.Volume;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.jobs.Job;
import io.consilium.server.jobs.JobFailure;
import io.consilium.server.jobs.JobHandler;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.study.StudyCatalog;
import io.consilium.server.study.StudyStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.LockMode;
import org.hibernate.Session;

/**
 * MERGE: once every Task is closed, builds the final mask with per-pixel provenance (0 = AI, i+1 = expert i),
 * writes it as a DICOM SEG into the archive, marks the result FINAL and queues SEND_RESULT, all in the job's
 * completing transaction. Pixels of expired Tasks are decided by the AI and counted as fallback.
 */
@ApplicationScoped
class MergeJob implements JobHandler {

    static final String SEND_RESULT = "SEND_RESULT";

    private final Session session;
    private final ReviewService review;
    private final SeriesLoader loader;
    private final RoutingRules routing;
    private final DicomArchive archive;
    private final StudyCatalog catalog;
    private final JobQueue queue;
    private final AuditTrail audit;
    private final ResultStore results;
    private final Event<WorkflowEvent> events;
    private final Clock clock = Clock.systemUTC();

    MergeJob(Session session, ReviewService review, SeriesLoader loader, RoutingRules routing, DicomArchive archive,
            StudyCatalog catalog, JobQueue queue, AuditTrail audit, ResultStore results, Event<WorkflowEvent> events) {
        this.session = session;
        this.review = review;
        this.loader = loader;
        this.routing = routing;
        this.archive = archive;
        this.catalog = catalog;
        this.queue = queue;
        this.audit = audit;
        this.results = results;
        this.events = events;
    }

    @Override
    public String type() {
        return ResultStore.MERGE;
    }

    private record Merged(SegResultRow result, List<byte[]> merged, List<byte[]> provenance, long[] byExpert,
            long fallback, long aiPixels, long voxels) {
    }

    @Override
    public void run(Job job) {
        String resultId = job.payload();
        Merged merged = QuarkusTransaction.requiringNew().call(() -> merge(resultId));
        if (merged == null) {
            queue.complete(job, () -> { });
            return;
        }
        SegResultRow result = merged.result();
        var instances = loader.instances(result.studyInstanceUid, result.seriesInstanceUid);
        Volume volume = loader.volume(instances);
        if (volume.slices() != result.sliceCount || volume.columns() != result.columns || volume.rows() != result.rows) {
            throw new JobFailure("series " + result.seriesInstanceUid + " changed since it was segmented ("
                    + volume.slices() + " slices now, " + result.sliceCount + " then): segment it again");
        }
        int pixels = result.rows * result.columns;
        boolean[] mask = new boolean[pixels * result.sliceCount];
        for (int z = 0; z < result.sliceCount; z++) {
            byte[] m = merged.merged().get(z);
            for (int p = 0; p < pixels; p++) {
                mask[z * pixels + p] = m[p] != 0;
            }
        }
        RoutingRules.Route route = routing.routes().stream().filter(r -> r.task().equals(result.routingTask))
                .findFirst().orElse(null);
        String label = route != null ? route.structure() : result.routingTask;
        Segmentation.Code type = route != null
                ? new Segmentation.Code(route.structureCode(), "SCT", route.structureMeaning())
                : Segmentation.ANATOMICAL_STRUCTURE;
        // Pixels decided by an expert make the segment the algorithm's with user assistance; when every Task
        // expired, the AI decided them all.
        Segmentation.AlgorithmType algorithmType = java.util.Arrays.stream(merged.byExpert()).sum() > 0
                ? Segmentation.AlgorithmType.SEMIAUTOMATIC : Segmentation.AlgorithmType.AUTOMATIC;
        DicomFile seg = Segmentation.of(volume).algorithm(result.modelName, result.modelVersion)
                .seriesDescription("Consilium " + label + " (AI + expert review)")
                .segment(label, Segmentation.TISSUE, type, algorithmType, mask).build();
        String patientId = instances.get(0).patientId();
        queue.complete(job, () -> finish(resultId, merged, seg, patientId));
    }

    /**
     * A merge that cannot be done (the series changed since it was segmented) withdraws the result: with every
     * Task closed, nothing else would ever finish it. A result with open Tasks is merged when they close.
     */
    @Override
    public void failed(Job job, String reason) {
        SegResultRow result = session.find(SegResultRow.class, job.payload());
        if (result == null || !ReviewTaskRow.lockOpen(session, result.id).isEmpty()) {
            return;
        }
        var instances = loader.instances(result.studyInstanceUid, result.seriesInstanceUid);
        results.withdrawResult(result.id, "the experts' review could not be merged: " + reason,
                instances.isEmpty() ? null : instances.get(0).patientId());
        catalog.progress(result.studyInstanceUid, StudyStatus.FAILED, null);
    }

    private Merged merge(String resultId) {
        SegResultRow result = session.find(SegResultRow.class, resultId);
        if (result == null) {
            throw new JobFailure("no result " + resultId + " to merge");
        }
        if (result.status != ResultStatus.AWAITING_REVIEW) {
            return null;
        }
        List<ReviewTaskRow> tasks = session.createSelectionQuery("from ReviewTaskRow where resultId = :r",
                ReviewTaskRow.class).setParameter("r", resultId).getResultList();
        if (tasks.stream().anyMatch(t -> t.status == TaskStatus.READY || t.status == TaskStatus.IN_PROGRESS)) {
            throw new JobFailure("result " + resultId + " still has open Tasks; it is merged when they close");
        }
        int pixels = result.rows * result.columns;
        int experts = result.experts.split(",").length;
        ReviewTaskRow[] byIndex = new ReviewTaskRow[experts];
        List<List<byte[]>> drafts = new ArrayList<>();
        for (int i = 0; i < experts; i++) {
            drafts.add(null);
        }
        for (ReviewTaskRow t : tasks) {
            byIndex[t.expertIndex] = t;
            if (t.status == TaskStatus.COMPLETED) {
                drafts.set(t.expertIndex, review.drafts(t.id, result.sliceCount, pixels));
            }
        }
        List<byte[]> mergedSlices = new ArrayList<>();
        List<byte[]> provenanceSlices = new ArrayList<>();
        long[] byExpert = new long[experts];
        long fallback = 0;
        long ai = 0;
        long voxels = 0;
        for (int z = 0; z < result.sliceCount; z++) {
            SegSliceRow slice = session.find(SegSliceRow.class, ResultStore.key(resultId, z));
            byte[] aiMask = Layers.inflate(slice.aiMask, pixels);
            byte[] deferral = Layers.inflate(slice.deferral, pixels);
            byte[] merged = aiMask.clone();
            byte[] provenance = new byte[pixels];
            for (int p = 0; p < pixels; p++) {
                int owner = deferral[p];
                ReviewTaskRow task = owner > 0 && owner <= experts ? byIndex[owner - 1] : null;
                if (task != null && task.status == TaskStatus.COMPLETED) {
                    byte[] labels = drafts.get(owner - 1).get(z);
                    // A slice the expert did not save is their acceptance of the AI's labels for those pixels.
                    merged[p] = labels != null ? labels[p] : aiMask[p];
                    provenance[p] = (byte) owner;
                    byExpert[owner - 1]++;
                } else if (owner > 0) {
                    fallback++;
                } else {
                    ai++;
                }
                voxels += merged[p];
            }
            mergedSlices.add(merged);
            provenanceSlices.add(provenance);
        }
        return new Merged(result, mergedSlices, provenanceSlices, byExpert, fallback, ai, voxels);
    }

    private void finish(String resultId, Merged merged, DicomFile seg, String patientId) {
        SegResultRow result = session.find(SegResultRow.class, resultId, LockMode.PESSIMISTIC_WRITE);
        if (result.status != ResultStatus.AWAITING_REVIEW) {
            return;
        }
        for (int z = 0; z < result.sliceCount; z++) {
            SegSliceRow slice = session.find(SegSliceRow.class, ResultStore.key(resultId, z));
            slice.merged = Layers.deflate(merged.merged().get(z));
            slice.provenance = Layers.deflate(merged.provenance().get(z));
        }
        StoredInstance stored = archive.store(seg, SeriesArrivals.RESULT_SOURCE);
        result.status = ResultStatus.FINAL;
        result.segInstanceUid = stored.sopInstanceUid();
        result.volumeMl = merged.voxels() * result.voxelMl;
        result.fallbackPixels = merged.fallback();
        result.finalizedAt = clock.instant();
        catalog.progress(result.studyInstanceUid, StudyStatus.FINAL, result.id);
        String[] experts = result.experts.split(",");
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("ai", merged.aiPixels());
        for (int i = 0; i < experts.length; i++) {
            provenance.put(experts[i], merged.byExpert()[i]);
        }
        provenance.put("aiFallback", merged.fallback());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("pixelsDecidedBy", provenance);
        detail.put("volumeMl", result.volumeMl);
        detail.put("seg", stored.sopInstanceUid());
        audit.record(AuditEvent.of(ResultStore.SERVICE, "result.merge", "DiagnosticReport/" + result.id)
                .target("ImagingStudy/" + result.studyInstanceUid).patient(patientId)
                .output("dicom-seg", stored.sha256()).detail(results.json(detail)).build());
        queue.enqueue(SEND_RESULT, "send:" + result.id, result.id, Duration.ZERO);
        events.fire(new WorkflowEvent("result", result.id, result.status.name()));
    }
}
