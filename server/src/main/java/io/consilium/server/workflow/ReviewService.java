package io.consilium.server.workflow;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.jobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.hibernate.LockMode;
import org.hibernate.Session;

/**
 * Review Tasks: each expert sees and edits only the pixels deferred to them; drafts are saved per slice; the
 * last completion (or the deadline, under the AI fallback) queues the merge.
 */
@ApplicationScoped
public class ReviewService {

    private final Session session;
    private final ResultStore results;
    private final JobQueue queue;
    private final AuditTrail audit;
    private final ReviewConfig config;
    private final Event<WorkflowEvent> events;
    private final Clock clock = Clock.systemUTC();

    ReviewService(Session session, ResultStore results, JobQueue queue, AuditTrail audit, ReviewConfig config,
            Event<WorkflowEvent> events) {
        this.session = session;
        this.results = results;
        this.queue = queue;
        this.audit = audit;
        this.config = config;
        this.events = events;
    }

    /** Tasks, newest first: of one expert (or everyone's with {@code expert} null), optionally of one status. */
    @Transactional
    public List<Views.Task> tasks(String expert, TaskStatus status) {
        return session.createSelectionQuery("""
                        from ReviewTaskRow where (:expert is null or expert = :expert)
                        and (:status is null or status = :status) order by createdAt desc, id""", ReviewTaskRow.class)
                .setParameter("expert", expert).setParameter("status", status).setMaxResults(1000)
                .getResultList().stream().map(this::view).toList();
    }

    @Transactional
    public Views.TaskDetail task(String id, String user, boolean anyTask) {
        ReviewTaskRow task = readable(id, user, anyTask);
        SegResultRow result = session.find(SegResultRow.class, task.resultId);
        List<Views.SliceRef> slices = session.createSelectionQuery(
                        "from SegSliceRow where resultId = :r order by sliceIndex", SegSliceRow.class)
                .setParameter("r", result.id).getResultList().stream()
                .map(s -> new Views.SliceRef(s.sliceIndex, s.sopInstanceUid)).toList();
        Views.Task v = view(task);
        return new Views.TaskDetail(v.id(), v.resultId(), v.studyInstanceUid(), v.expert(), v.expertIndex(),
                v.status(), v.priority(), v.createdAt(), v.deadline(), v.regionPixels(), v.donePixels(),
                result.rows, result.columns, slices);
    }

    /** The expert's region on slice {@code k} and their current labels (the saved draft, else the AI mask). */
    @Transactional
    public Views.TaskSlice slice(String id, int k, String user, boolean anyTask) {
        ReviewTaskRow task = readable(id, user, anyTask);
        SegResultRow result = session.find(SegResultRow.class, task.resultId);
        SegSliceRow slice = results.sliceRow(result, k);
        int pixels = result.rows * result.columns;
        return new Views.TaskSlice(k, region(Layers.inflate(slice.deferral, pixels), task.expertIndex),
                labels(task, slice, pixels));
    }

    /**
     * Saves the expert's labels for slice {@code k}.
     *
     * @throws ApiProblem 422 when a pixel outside the expert's region differs from the stored labels or a label
     *                    is not a class; 409 when the Task is no longer open
     */
    @Transactional
    public Views.TaskSlice saveDraft(String id, int k, byte[] labels, String user) {
        ReviewTaskRow task = owned(id, user);
        requireOpen(task);
        SegResultRow result = session.find(SegResultRow.class, task.resultId);
        SegSliceRow slice = results.sliceRow(result, k);
        int pixels = result.rows * result.columns;
        if (labels == null || labels.length != pixels) {
            throw ApiProblem.unprocessable("labels must hold " + pixels + " pixels (" + result.columns + " x "
                    + result.rows + "), got " + (labels == null ? "none" : labels.length));
        }
        byte[] region = region(Layers.inflate(slice.deferral, pixels), task.expertIndex);
        byte[] stored = labels(task, slice, pixels);
        int outside = 0;
        int firstOutside = -1;
        long regionPixels = 0;
        for (int p = 0; p < pixels; p++) {
            if (labels[p] != 0 && labels[p] != 1) {
                throw ApiProblem.unprocessable("pixel (" + p % result.columns + ", " + p / result.columns
                        + ") has label " + labels[p] + "; labels are 0 (background) or 1 (" + result.routingTask + ")");
            }
            if (region[p] == 1) {
                regionPixels++;
            } else if (labels[p] != stored[p]) {
                outside++;
                if (firstOutside < 0) {
                    firstOutside = p;
                }
            }
        }
        if (outside > 0) {
            throw ApiProblem.unprocessable(outside + " edited pixel(s) lie outside your region on slice " + k
                    + ", first at (" + firstOutside % result.columns + ", " + firstOutside / result.columns
                    + "); only pixels deferred to you can be changed");
        }
        ReviewDraftRow draft = session.find(ReviewDraftRow.class, draftKey(task.id, k));
        Instant now = clock.instant();
        if (draft == null) {
            draft = new ReviewDraftRow();
            draft.taskId = task.id;
            draft.sliceIndex = k;
            draft.labels = Layers.deflate(labels);
            draft.regionPixels = regionPixels;
            draft.savedAt = now;
            session.persist(draft);
            task.donePixels += regionPixels;
        } else {
            draft.labels = Layers.deflate(labels);
            draft.savedAt = now;
        }
        if (task.status == TaskStatus.READY) {
            task.status = TaskStatus.IN_PROGRESS;
            events.fire(new WorkflowEvent("task", task.id, task.status.name()));
        }
        audit.record(AuditEvent.of(Actor.user(user, "expert"), "task.edit", "Task/" + task.id)
                .target("DiagnosticReport/" + task.resultId)
                .detail(results.json(Map.of("slice", k, "regionPixels", regionPixels))).at(now).build());
        return new Views.TaskSlice(k, region, labels.clone());
    }

    /** Completes the Task; the last one queues the merge. 409 when it was completed (or expired) before. */
    @Transactional
    public Views.Task complete(String id, String user) {
        // The result's row serialises the completions of its Tasks (on any instance): without it two experts
        // completing at once would each still count the other's Task open, and no one would queue the merge.
        session.createSelectionQuery("select resultId from ReviewTaskRow where id = :id", String.class)
                .setParameter("id", id).uniqueResultOptional()
                .ifPresent(resultId -> session.find(SegResultRow.class, resultId, LockMode.PESSIMISTIC_WRITE));
        ReviewTaskRow task = owned(id, user);
        requireOpen(task);
        task.status = TaskStatus.COMPLETED;
        task.completedAt = clock.instant();
        audit.record(AuditEvent.of(Actor.user(user, "expert"), "task.complete", "Task/" + task.id)
                .target("DiagnosticReport/" + task.resultId)
                .detail(results.json(Map.of("regionPixels", task.regionPixels, "donePixels", task.donePixels)))
                .at(task.completedAt).build());
        events.fire(new WorkflowEvent("task", task.id, task.status.name()));
        session.flush();
        long open = session.createSelectionQuery("""
                        select count(*) from ReviewTaskRow
                        where resultId = :r and status in (READY, IN_PROGRESS)""", Long.class)
                .setParameter("r", task.resultId).getSingleResult();
        if (open == 0) {
            queue.enqueue(ResultStore.MERGE, "merge:" + task.resultId, task.resultId, Duration.ZERO);
        }
        return view(task);
    }

    /**
     * Under the {@code ai} fallback, expires the open Tasks of every result whose review deadline passed before
     * {@code now} and queues its merge (the AI decides those pixels, recorded as a fallback). Safe to run on
     * every instance at once: the Tasks are locked and the merge is queued once.
     *
     * @return results whose review was closed
     */
    @Transactional
    public int expireOverdue(Instant now) {
        if (!"ai".equalsIgnoreCase(config.fallback())) {
            return 0;
        }
        List<String> overdue = session.createSelectionQuery("""
                        select id from SegResultRow where status = AWAITING_REVIEW and reviewDeadline < :now""",
                        String.class).setParameter("now", now).getResultList();
        int closed = 0;
        for (String resultId : overdue) {
            List<ReviewTaskRow> open = ReviewTaskRow.lockOpen(session, resultId);
            for (ReviewTaskRow task : open) {
                task.status = TaskStatus.EXPIRED;
                audit.record(AuditEvent.of(ResultStore.SERVICE, "task.expire", "Task/" + task.id)
                        .target("DiagnosticReport/" + resultId)
                        .detail(results.json(Map.of("expert", task.expert, "fallback", "ai",
                                "regionPixels", task.regionPixels))).build());
                events.fire(new WorkflowEvent("task", task.id, task.status.name()));
            }
            queue.enqueue(ResultStore.MERGE, "merge:" + resultId, resultId, Duration.ZERO);
            closed++;
        }
        return closed;
    }

    private ReviewTaskRow readable(String id, String user, boolean anyTask) {
        ReviewTaskRow task = session.find(ReviewTaskRow.class, id);
        if (task == null) {
            throw ApiProblem.notFound("no task " + id);
        }
        if (!anyTask && !task.expert.equals(user)) {
            throw ApiProblem.forbidden("task " + id + " is assigned to another expert");
        }
        return task;
    }

    private ReviewTaskRow owned(String id, String user) {
        if (user == null) {
            throw new ApiProblem(401, "unauthorized", "sign in as the expert the task is assigned to");
        }
        ReviewTaskRow task = session.find(ReviewTaskRow.class, id, LockMode.PESSIMISTIC_WRITE);
        if (task == null) {
            throw ApiProblem.notFound("no task " + id);
        }
        if (!task.expert.equals(user)) {
            throw ApiProblem.forbidden("task " + id + " is assigned to another expert");
        }
        return task;
    }

    private static void requireOpen(ReviewTaskRow task) {
        if (task.status == TaskStatus.COMPLETED || task.status == TaskStatus.EXPIRED
                || task.status == TaskStatus.CANCELLED) {
            throw ApiProblem.conflict("task " + task.id + " is already " + task.status.name().toLowerCase()
                    + (task.completedAt != null ? " (" + task.completedAt + ")" : ""));
        }
    }

    private byte[] labels(ReviewTaskRow task, SegSliceRow slice, int pixels) {
        ReviewDraftRow draft = session.find(ReviewDraftRow.class, draftKey(task.id, slice.sliceIndex));
        return Layers.inflate(draft != null ? draft.labels : slice.aiMask, pixels);
    }

    /** Saved labels of a Task per slice index (slices without a draft are absent). */
    List<byte[]> drafts(String taskId, int slices, int pixels) {
        List<byte[]> out = new ArrayList<>(IntStream.range(0, slices).mapToObj(i -> (byte[]) null).toList());
        session.createSelectionQuery("from ReviewDraftRow where taskId = :t", ReviewDraftRow.class)
                .setParameter("t", taskId).getResultList()
                .forEach(d -> out.set(d.sliceIndex, Layers.inflate(d.labels, pixels)));
        return out;
    }

    static byte[] region(byte[] deferral, int expertIndex) {
        byte[] region = new byte[deferral.length];
        for (int p = 0; p < deferral.length; p++) {
            region[p] = (byte) (deferral[p] == expertIndex + 1 ? 1 : 0);
        }
        return region;
    }

    private static ReviewDraftRow.Key draftKey(String taskId, int k) {
        ReviewDraftRow.Key key = new ReviewDraftRow.Key();
        key.taskId = taskId;
        key.sliceIndex = k;
        return key;
    }

    private Views.Task view(ReviewTaskRow t) {
        SegResultRow result = session.find(SegResultRow.class, t.resultId);
        return new Views.Task(t.id, t.resultId, result.studyInstanceUid, t.expert, t.expertIndex, t.status,
                t.priority, t.createdAt, t.deadline, t.regionPixels, t.donePixels);
    }
}
