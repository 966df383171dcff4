package io.consilium.server.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.dicom.Volume;
import io.consilium.seg.ModelIdentity;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.study.StudyCatalog;
import io.consilium.server.study.StudyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Session;

/** Segmentation results and their per-slice layers: published preliminary by the AI, final after review. */
@ApplicationScoped
public class ResultStore {

    static final String MERGE = "MERGE";
    static final Actor SERVICE = Actor.service("consilium-workflow");

    private final Session session;
    private final AuditTrail audit;
    private final StudyCatalog catalog;
    private final JobQueue queue;
    private final ReviewConfig review;
    private final Event<WorkflowEvent> events;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    ResultStore(Session session, AuditTrail audit, StudyCatalog catalog, JobQueue queue, ReviewConfig review,
            Event<WorkflowEvent> events, ObjectMapper json) {
        this.session = session;
        this.audit = audit;
        this.catalog = catalog;
        this.queue = queue;
        this.review = review;
        this.events = events;
        this.json = json;
    }

    /**
     * Stores the AI's output as the preliminary result and opens one Task per expert with deferred pixels, all
     * in the caller's transaction (the segmentation job's completion): either everything is published or nothing.
     * A preliminary result of the same series made before instances arrived is superseded and its open Tasks
     * cancelled; a final result stays as signed off, and the new one goes through review again.
     */
    @Transactional
    public String publishPreliminary(String study, String series, String patientId, RoutingRules.Route route,
            Volume volume, SegmentationModels.Segmentation segmentation) {
        Instant now = clock.instant();
        List<SegmentationModels.SliceOutput> slices = segmentation.slices();
        ModelIdentity model = segmentation.model();
        List<String> experts = review.experts();
        int pixels = volume.columns() * volume.rows();
        long total = (long) pixels * slices.size();
        long[] deferred = new long[experts.size()];
        long aiVoxels = 0;
        SegResultRow result = new SegResultRow();
        result.id = UUID.randomUUID().toString();
        supersede(series, result.id, patientId);
        List<SegSliceRow> sliceRows = new ArrayList<>(slices.size());
        for (int z = 0; z < slices.size(); z++) {
            var out = slices.get(z);
            for (int p = 0; p < pixels; p++) {
                int owner = out.deferral()[p];
                if (owner > 0 && owner <= experts.size()) {
                    deferred[owner - 1]++;
                }
                aiVoxels += out.aiMask()[p];
            }
            SegSliceRow row = new SegSliceRow();
            row.resultId = result.id;
            row.sliceIndex = z;
            row.sopInstanceUid = volume.sopInstanceUids().get(z);
            row.aiMask = Layers.deflate(out.aiMask());
            row.deferral = Layers.deflate(out.deferral());
            row.confidence = Layers.deflate(out.confidence());
            sliceRows.add(row);
        }
        double[] spacing = volume.spacing();
        result.studyInstanceUid = study;
        result.seriesInstanceUid = series;
        result.status = ResultStatus.AWAITING_REVIEW;
        result.routingTask = route.task();
        result.prompt = route.prompt();
        result.rows = volume.rows();
        result.columns = volume.columns();
        result.sliceCount = slices.size();
        result.experts = String.join(",", experts);
        result.voxelMl = spacing[0] * spacing[1] * spacing[2] / 1000.0;
        result.deferralRate = Arrays.stream(deferred).sum() / (double) total;
        result.expertShare = Arrays.stream(deferred).mapToObj(d -> String.format(Locale.ROOT, "%.6f", d / (double) total))
                .collect(Collectors.joining(","));
        result.aiVolumeMl = aiVoxels * result.voxelMl;
        result.modelName = model.name();
        result.modelVersion = model.version();
        result.modelWeightsDigest = model.weightsDigest();
        result.createdAt = now;
        result.reviewDeadline = now.plus(review.deadline());
        session.persist(result);
        session.flush();
        sliceRows.forEach(session::persist);

        List<ReviewTaskRow> tasks = new ArrayList<>();
        for (int i = 0; i < experts.size(); i++) {
            if (deferred[i] == 0) {
                continue;
            }
            ReviewTaskRow task = new ReviewTaskRow();
            task.id = UUID.randomUUID().toString();
            task.resultId = result.id;
            task.expert = experts.get(i);
            task.expertIndex = i;
            task.status = TaskStatus.READY;
            task.priority = "routine";
            task.regionPixels = deferred[i];
            task.createdAt = now;
            task.deadline = result.reviewDeadline;
            session.persist(task);
            tasks.add(task);
        }
        session.flush();
        catalog.progress(study, tasks.isEmpty() ? StudyStatus.SEGMENTING : StudyStatus.IN_REVIEW, result.id);

        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("resultId", result.id);
        detail.put("series", series);
        detail.put("task", route.task());
        detail.put("prompt", route.prompt());
        detail.put("slices", slices.size());
        detail.put("deferralRate", result.deferralRate);
        detail.put("aiVolumeMl", result.aiVolumeMl);
        audit.record(AuditEvent.of(actor(model), "seg.infer", "ImagingStudy/" + study)
                .target("DiagnosticReport/" + result.id).patient(patientId).detail(json(detail)).build());
        for (ReviewTaskRow task : tasks) {
            audit.record(AuditEvent.of(SERVICE, "task.create", "Task/" + task.id).target("ImagingStudy/" + study)
                    .patient(patientId).detail(json(Map.of("expert", task.expert, "expertIndex", task.expertIndex,
                            "regionPixels", task.regionPixels, "resultId", result.id))).build());
            events.fire(new WorkflowEvent("task", task.id, task.status.name()));
        }
        events.fire(new WorkflowEvent("result", result.id, result.status.name()));
        if (tasks.isEmpty()) {
            // Nothing deferred: the AI result is final as soon as it is merged and written.
            queue.enqueue(MERGE, "merge:" + result.id, result.id, Duration.ZERO);
        }
        return result.id;
    }

    /**
     * Withdraws the preliminary results of a series that could not be segmented again (its SEGMENT job failed for
     * good): they must not be used, their open Tasks are cancelled, so no expert is left with a review whose
     * completion cannot be merged, and the reason is kept with each for the UI and FHIR.
     */
    @Transactional
    public void withdrawSeries(String series, String reason, String patientId) {
        withdraw(lockPreliminary(series), reason, patientId);
    }

    /** Withdraws one preliminary result whose merge failed for good, as {@link #withdrawSeries} does. */
    @Transactional
    public void withdrawResult(String resultId, String reason, String patientId) {
        SegResultRow result = session.find(SegResultRow.class, resultId,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (result != null && result.status == ResultStatus.AWAITING_REVIEW) {
            withdraw(List.of(result), reason, patientId);
        }
    }

    private void withdraw(List<SegResultRow> results, String reason, String patientId) {
        String why = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        for (SegResultRow result : results) {
            result.status = ResultStatus.WITHDRAWN;
            result.failure = why;
            int cancelled = cancelOpenTasks(result, patientId, Map.of("reason", "result withdrawn"));
            audit.record(AuditEvent.of(SERVICE, "result.withdraw", "DiagnosticReport/" + result.id)
                    .target("ImagingStudy/" + result.studyInstanceUid).patient(patientId)
                    .detail(json(Map.of("series", result.seriesInstanceUid, "reason", why,
                            "cancelledTasks", cancelled))).build());
            events.fire(new WorkflowEvent("result", result.id, result.status.name()));
        }
    }

    private void supersede(String series, String successor, String patientId) {
        for (SegResultRow old : lockPreliminary(series)) {
            old.status = ResultStatus.SUPERSEDED;
            int cancelled = cancelOpenTasks(old, patientId, Map.of("reason", "result superseded",
                    "successor", successor));
            audit.record(AuditEvent.of(SERVICE, "result.supersede", "DiagnosticReport/" + old.id)
                    .target("DiagnosticReport/" + successor).target("ImagingStudy/" + old.studyInstanceUid)
                    .patient(patientId).detail(json(Map.of("series", series, "slicesBefore", old.sliceCount,
                            "cancelledTasks", cancelled))).build());
            events.fire(new WorkflowEvent("result", old.id, old.status.name()));
        }
    }

    /** The series' preliminary results, locked until the caller's transaction ends. */
    private List<SegResultRow> lockPreliminary(String series) {
        return session.createSelectionQuery("""
                        from SegResultRow where seriesInstanceUid = :s and status = AWAITING_REVIEW""",
                        SegResultRow.class).setParameter("s", series)
                .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** Cancels a result's open Tasks, each audited with {@code why}; returns how many. */
    private int cancelOpenTasks(SegResultRow result, String patientId, Map<String, String> why) {
        List<ReviewTaskRow> open = ReviewTaskRow.lockOpen(session, result.id);
        for (ReviewTaskRow task : open) {
            task.status = TaskStatus.CANCELLED;
            var detail = new LinkedHashMap<String, Object>(Map.of("expert", task.expert));
            detail.putAll(why);
            audit.record(AuditEvent.of(SERVICE, "task.cancel", "Task/" + task.id)
                    .target("DiagnosticReport/" + result.id).patient(patientId).detail(json(detail)).build());
            events.fire(new WorkflowEvent("task", task.id, task.status.name()));
        }
        return open.size();
    }

    @Transactional
    public Optional<Views.Result> result(String id) {
        return Optional.ofNullable(session.find(SegResultRow.class, id)).map(this::view);
    }

    @Transactional
    public Optional<Views.Result> resultOfSeries(String seriesInstanceUid) {
        return session.createSelectionQuery("""
                        from SegResultRow where seriesInstanceUid = :s order by createdAt desc""", SegResultRow.class)
                .setParameter("s", seriesInstanceUid).setMaxResults(1).uniqueResultOptional().map(this::view);
    }

    @Transactional
    public Views.Slice slice(String id, int index) {
        SegResultRow result = session.find(SegResultRow.class, id);
        if (result == null) {
            throw ApiProblem.notFound("no result " + id);
        }
        SegSliceRow row = sliceRow(result, index);
        int pixels = result.rows * result.columns;
        return new Views.Slice(index, row.sopInstanceUid, Layers.inflate(row.aiMask, pixels),
                Layers.inflate(row.deferral, pixels), Layers.inflate(row.confidence, pixels),
                row.merged == null ? null : Layers.inflate(row.merged, pixels),
                row.provenance == null ? null : Layers.inflate(row.provenance, pixels));
    }

    SegSliceRow sliceRow(SegResultRow result, int index) {
        if (index < 0 || index >= result.sliceCount) {
            throw ApiProblem.notFound("slice " + index + " is outside 0.." + (result.sliceCount - 1));
        }
        return session.find(SegSliceRow.class, key(result.id, index));
    }

    static SegSliceRow.Key key(String resultId, int index) {
        SegSliceRow.Key key = new SegSliceRow.Key();
        key.resultId = resultId;
        key.sliceIndex = index;
        return key;
    }

    Views.Result view(SegResultRow r) {
        List<String> experts = List.of(r.experts.split(","));
        String[] shares = r.expertShare.split(",");
        Map<String, Double> share = new LinkedHashMap<>();
        for (int i = 0; i < experts.size() && i < shares.length; i++) {
            share.put(experts.get(i), Double.parseDouble(shares[i]));
        }
        return new Views.Result(r.id, r.studyInstanceUid, r.seriesInstanceUid, r.status, r.routingTask, r.prompt,
                r.rows, r.columns, r.sliceCount, experts, r.deferralRate, share, r.aiVolumeMl,
                r.volumeMl != null ? r.volumeMl : r.aiVolumeMl, r.fallbackPixels, r.segInstanceUid,
                "DiagnosticReport/" + r.id, new Views.Model(r.modelName, r.modelVersion, r.modelWeightsDigest),
                r.createdAt, r.reviewDeadline, r.finalizedAt, r.failure);
    }

    /** A model as the audit trail names the actor of its inferences: the identity stored with its results. */
    private static Actor actor(ModelIdentity model) {
        return Actor.model(model.name(), model.version(), model.weightsDigest());
    }

    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit detail not serialisable", e);
        }
    }
}
