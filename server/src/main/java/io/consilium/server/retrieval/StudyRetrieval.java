package io.consilium.server.retrieval;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import io.consilium.dicom.net.DicomClient;
import io.consilium.dicom.net.Progress;
import io.consilium.dicom.net.QueryModel;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.dicom.DicomNetwork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Retrieves a study from the PACS as a durable job: C-FIND at instance level lists what the PACS holds,
 * C-MOVE sends the series still missing to our SCP, and the job completes only when the archive holds every
 * listed SOP Instance UID. A failed attempt (dropped association, PACS down, sub-operations failed, instances
 * missing) is retried with exponential backoff; a re-sent instance is harmless because the archive is
 * idempotent on identical bytes. Jobs survive server restarts: unfinished ones resume on start.
 */
@ApplicationScoped
public class StudyRetrieval {

    private static final Logger LOG = Logger.getLogger(StudyRetrieval.class);
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    static final Tag LEVEL = new Tag(0x0008, 0x0052);
    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    static final Tag STUDY_INSTANCE_UID = new Tag(0x0020, 0x000D);
    private static final Tag SERIES_INSTANCE_UID = new Tag(0x0020, 0x000E);

    private final Session session;
    private final DicomArchive archive;
    private final DicomNetwork network;
    private final RetrievalConfig config;
    private final AuditTrail audit;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService workers;

    StudyRetrieval(Session session, DicomArchive archive, DicomNetwork network, RetrievalConfig config,
            AuditTrail audit) {
        this.session = session;
        this.archive = archive;
        this.network = network;
        this.config = config;
        this.audit = audit;
    }

    void start(@Observes StartupEvent event) {
        if (!network.config().listen()) {
            // Command-line tools: no SCP to receive into, so no retrievals run in this process.
            return;
        }
        workers = Executors.newScheduledThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "study-retrieval");
            t.setDaemon(true);
            return t;
        });
        List<RetrievalJob> unfinished = QuarkusTransaction.requiringNew().call(() -> session
                .createSelectionQuery("from RetrievalJob where state not in (:done)", RetrievalJob.class)
                .setParameter("done", List.of(RetrievalState.COMPLETED, RetrievalState.FAILED)).getResultList());
        for (RetrievalJob job : unfinished) {
            LOG.infof("resuming study retrieval %s (%s)", job.id, job.state);
            schedule(job.id, job.nextAttemptAt);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** Queues the retrieval of a study; returns at once. */
    public Retrieval request(String studyInstanceUid, String requestedBy) {
        if (studyInstanceUid == null || studyInstanceUid.length() > 64 || !UID.matcher(studyInstanceUid).matches()) {
            throw new IllegalArgumentException("studyInstanceUid must be a DICOM UID (digits and dots, at most 64)");
        }
        if (workers == null) {
            throw new IllegalStateException("study retrievals need the DICOM SCP (consilium.dicom.listen=true)");
        }
        Instant now = clock.instant();
        RetrievalJob job = new RetrievalJob();
        job.id = UUID.randomUUID().toString();
        job.studyInstanceUid = studyInstanceUid;
        job.state = RetrievalState.QUEUED;
        job.requestedBy = requestedBy.length() > 64 ? requestedBy.substring(0, 64) : requestedBy;
        job.createdAt = now;
        job.updatedAt = now;
        QuarkusTransaction.requiringNew().run(() -> session.persist(job));
        schedule(job.id, null);
        return job.view();
    }

    public Optional<Retrieval> find(String id) {
        return QuarkusTransaction.requiringNew().call(() ->
                Optional.ofNullable(session.find(RetrievalJob.class, id)).map(RetrievalJob::view));
    }

    private void schedule(String id, Instant at) {
        long delay = at == null ? 0 : Math.max(0, Duration.between(clock.instant(), at).toMillis());
        workers.schedule(() -> attempt(id), delay, TimeUnit.MILLISECONDS);
    }

    private void attempt(String id) {
        RetrievalJob job = QuarkusTransaction.requiringNew().call(() -> session.find(RetrievalJob.class, id));
        if (job == null || job.state.isFinal()) {
            return;
        }
        String study = job.studyInstanceUid;
        try {
            update(id, j -> {
                j.attempts++;
                j.state = RetrievalState.LISTING;
                j.nextAttemptAt = null;
            });
            DicomClient client = network.client();
            Set<String> listed = new TreeSet<>();
            Set<String> seriesOfListed = new HashSet<>();
            java.util.Map<String, String> seriesOf = new java.util.HashMap<>();
            Dataset keys = new Dataset();
            keys.putString(LEVEL, VR.CS, "IMAGE");
            keys.putString(STUDY_INSTANCE_UID, VR.UI, study);
            keys.putString(SERIES_INSTANCE_UID, VR.UI, "");
            keys.putString(SOP_INSTANCE_UID, VR.UI, "");
            client.find(network.pacs(), QueryModel.STUDY_ROOT, keys, match -> {
                String sop = match.string(SOP_INSTANCE_UID);
                if (sop != null) {
                    listed.add(sop);
                    seriesOf.put(sop, match.string(SERIES_INSTANCE_UID));
                }
            });
            if (listed.isEmpty()) {
                throw new RetrievalFailure("the PACS lists no instance of the study", false);
            }
            update(id, j -> {
                j.listedInstances.clear();
                j.listedInstances.addAll(listed);
                j.expectedCount = listed.size();
                j.storedCount = held(study, listed).size();
                j.state = RetrievalState.RETRIEVING;
            });
            Set<String> missing = new TreeSet<>(listed);
            missing.removeAll(held(study, listed));
            missing.forEach(sop -> seriesOfListed.add(seriesOf.get(sop)));
            for (String series : seriesOfListed) {
                Dataset move = new Dataset();
                move.putString(LEVEL, VR.CS, series == null ? "STUDY" : "SERIES");
                move.putString(STUDY_INSTANCE_UID, VR.UI, study);
                if (series != null) {
                    move.putString(SERIES_INSTANCE_UID, VR.UI, series);
                }
                Progress done = client.move(network.pacs(), QueryModel.STUDY_ROOT, move, network.config().aet(),
                        p -> update(id, j -> {
                            j.remainingSubOps = p.remaining();
                            j.completedSubOps = p.completed();
                            j.failedSubOps = p.failed();
                            j.storedCount = held(study, listed).size();
                        }));
                if (!done.succeeded()) {
                    throw new RetrievalFailure("C-MOVE of a series ended with " + done, true);
                }
            }
            update(id, j -> j.state = RetrievalState.VERIFYING);
            Set<String> held = held(study, listed);
            if (held.size() != listed.size()) {
                throw new RetrievalFailure((listed.size() - held.size()) + " of " + listed.size()
                        + " listed instances are not in the archive after C-MOVE", true);
            }
            finish(id, RetrievalState.COMPLETED, "", listed.size());
        } catch (RetrievalFailure e) {
            retryOrFail(id, e.getMessage(), e.retryable);
        } catch (IOException e) {
            retryOrFail(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), true);
        } catch (RuntimeException e) {
            LOG.error("study retrieval " + id + " failed unexpectedly", e);
            retryOrFail(id, "internal error: " + e.getMessage(), true);
        }
    }

    /** Which of the listed instances the archive holds (by SOP Instance UID, within the study). */
    private Set<String> held(String study, Set<String> listed) {
        return archive.study(study).stream().map(StoredInstance::sopInstanceUid).filter(listed::contains)
                .collect(Collectors.toSet());
    }

    private void retryOrFail(String id, String reason, boolean retryable) {
        RetrievalJob job = QuarkusTransaction.requiringNew().call(() -> session.find(RetrievalJob.class, id));
        if (!retryable || job.attempts >= config.maxAttempts()) {
            finish(id, RetrievalState.FAILED, "attempt " + job.attempts + ": " + reason, job.storedCount);
            return;
        }
        long factor = 1L << Math.min(job.attempts - 1, 20);
        Duration wait = config.initialBackoff().multipliedBy(factor);
        if (wait.compareTo(config.maxBackoff()) > 0) {
            wait = config.maxBackoff();
        }
        Instant next = clock.instant().plus(wait);
        LOG.warnf("study retrieval %s: attempt %d failed (%s); retrying in %d ms", id, job.attempts, reason,
                wait.toMillis());
        update(id, j -> {
            j.state = RetrievalState.RETRY_WAIT;
            j.lastError = truncate("attempt " + j.attempts + ": " + reason);
            j.nextAttemptAt = next;
        });
        schedule(id, next);
    }

    private void finish(String id, RetrievalState state, String error, int stored) {
        RetrievalJob job = update(id, j -> {
            j.state = state;
            j.storedCount = stored;
            if (!error.isEmpty()) {
                j.lastError = truncate(error);
            }
            j.finishedAt = clock.instant();
        });
        audit.record(AuditEvent.of(Actor.service("study-retrieval"), "dicom.study.import",
                        "ImagingStudy/" + job.studyInstanceUid)
                .source(network.pacs().aeTitle())
                .outcome(state == RetrievalState.COMPLETED ? Outcome.SUCCESS : Outcome.SERIOUS_FAILURE,
                        state == RetrievalState.COMPLETED ? "" : job.lastError)
                .detail("{\"retrieval\":\"" + id + "\",\"expected\":" + job.expectedCount + ",\"stored\":"
                        + job.storedCount + ",\"attempts\":" + job.attempts + ",\"requestedBy\":\""
                        + job.requestedBy.replace("\"", "") + "\"}")
                .build());
        LOG.infof("study retrieval %s %s after %d attempt(s): %d of %s instances", id, state, job.attempts,
                job.storedCount, job.expectedCount == null ? "(none listed)" : job.expectedCount);
    }

    private RetrievalJob update(String id, java.util.function.Consumer<RetrievalJob> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RetrievalJob job = session.find(RetrievalJob.class, id);
            change.accept(job);
            job.updatedAt = clock.instant();
            session.flush();
            return job;
        });
    }

    private static String truncate(String text) {
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    /** An attempt that did not end with the whole study archived. */
    private static final class RetrievalFailure extends Exception {
        final boolean retryable;

        RetrievalFailure(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }
    }
}
