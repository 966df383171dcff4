package io.consilium.server.jobs;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * The durable job queue in the application database. Several JVMs may share it: a worker claims jobs with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} (the same statement on PostgreSQL and H2), holds each under a
 * lease it renews while running, and commits the job's effects together with its completion under a fencing
 * check of its lease token. A worker that dies leaves the lease to expire; the job then runs again, and only
 * the run that completes while holding the lease commits anything.
 */
@ApplicationScoped
public class JobQueue {

    private static final int ERROR_LENGTH = 2000;

    private final Session session;
    private final JobConfig config;
    private final Clock clock = Clock.systemUTC();

    JobQueue(Session session, JobConfig config) {
        this.session = session;
        this.config = config;
    }

    /**
     * Enqueues a job in the caller's transaction (so a job exists exactly when what it works on was committed).
     * With a {@code dedupeKey}, a key already queued is not queued again; if it is still pending, its start is
     * pushed to at least now + {@code delay} (a series still receiving instances settles before it is read).
     *
     * @return the id of the new or existing job
     */
    @Transactional
    public long enqueue(String type, String dedupeKey, String payload, Duration delay) {
        Instant now = clock.instant();
        Instant runAfter = now.plus(delay);
        if (dedupeKey == null) {
            return insert(type, null, payload, runAfter, now);
        }
        int inserted = session.createNativeMutationQuery("""
                        insert into job (type, dedupe_key, payload, status, attempts, max_attempts, run_after,
                            created_at) values (:type, :key, :payload, 'PENDING', 0, :max, :runAfter, :now)
                        on conflict do nothing""")
                .setParameter("type", type).setParameter("key", dedupeKey).setParameter("payload", payload)
                .setParameter("max", config.maxAttempts()).setParameter("runAfter", runAfter)
                .setParameter("now", now).executeUpdate();
        if (inserted == 0) {
            session.createMutationQuery("""
                            update JobRow set runAfter = :runAfter
                            where dedupeKey = :key and status = PENDING and runAfter < :runAfter""")
                    .setParameter("runAfter", runAfter).setParameter("key", dedupeKey).executeUpdate();
        }
        return session.createSelectionQuery("select id from JobRow where dedupeKey = :key", Long.class)
                .setParameter("key", dedupeKey).getSingleResult();
    }

    /**
     * Like {@link #enqueue}, but a finished job (done or failed) under the key runs again, from its first
     * attempt: its input changed (a series gained an instance after it was segmented, or the missing slice that
     * failed it arrived). A running job is left alone; its handler sees the change itself when it completes.
     * The row is locked first, as {@link #complete} locks it before the handler's last look at its input: either
     * the completing job sees what this transaction wrote, or this one sees the job finished and runs it again.
     * Without the lock both could miss each other, and an instance arriving at that moment was left out.
     */
    @Transactional
    public long requeue(String type, String dedupeKey, String payload, Duration delay) {
        long id = enqueue(type, dedupeKey, payload, delay);
        JobRow row = session.find(JobRow.class, id, org.hibernate.LockMode.PESSIMISTIC_WRITE);
        if (row.status == JobStatus.DONE || row.status == JobStatus.FAILED) {
            row.status = JobStatus.PENDING;
            row.attempts = 0;
            row.runAfter = clock.instant().plus(delay);
            row.lastError = null;
            row.finishedAt = null;
        }
        return id;
    }

    private long insert(String type, String dedupeKey, String payload, Instant runAfter, Instant now) {
        JobRow row = new JobRow();
        row.type = type;
        row.dedupeKey = dedupeKey;
        row.payload = payload;
        row.status = JobStatus.PENDING;
        row.maxAttempts = config.maxAttempts();
        row.runAfter = runAfter;
        row.createdAt = now;
        session.persist(row);
        session.flush();
        return row.id;
    }

    /**
     * Claims up to {@code max} due jobs of the given types (pending, or running under an expired lease) for
     * {@code worker}. A worker names only the types it has handlers for, so an instance of another version
     * sharing the database never takes a job it cannot run.
     */
    public List<Job> claim(String worker, int max, Collection<String> types) {
        return claim(worker, max, types, config.lease());
    }

    /** As {@link #claim(String, int, Collection)} with an explicit lease (tests simulate crashes with short ones). */
    public List<Job> claim(String worker, int max, Collection<String> types, Duration lease) {
        if (types.isEmpty()) {
            return List.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<Long> ids = session.createNativeQuery("""
                            select id from job
                            where type in (:types)
                              and ((status = 'PENDING' and run_after <= :now)
                                or (status = 'RUNNING' and lease_until < :now))
                            order by run_after, id
                            limit :max
                            for update skip locked""", Long.class)
                    .setParameterList("types", types).setParameter("now", now).setParameter("max", max)
                    .getResultList();
            List<Job> claimed = new ArrayList<>(ids.size());
            for (Long id : ids) {
                JobRow row = session.find(JobRow.class, id);
                row.status = JobStatus.RUNNING;
                row.attempts++;
                row.leaseOwner = worker;
                row.leaseToken = UUID.randomUUID().toString();
                row.leaseUntil = now.plus(lease);
                row.startedAt = now;
                claimed.add(new Job(row.id, row.type, row.payload, row.attempts, row.maxAttempts, row.leaseToken));
            }
            return claimed;
        });
    }

    /**
     * Renews the lease; false when it was lost (expired and taken over, or released). Never waits for the job's
     * row: while the job's own completing transaction (or a claimer taking over an expired lease) holds it, a
     * renewal queued behind that lock could outlast the lease or time out and stop the run. A locked row is left
     * as it is and counts as still held; the next renewal, or the completion's fencing check, decides.
     */
    public boolean renew(Job job) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> tokens = session.createNativeQuery("""
                            select lease_token from job where id = :id and status = 'RUNNING'
                            for update skip locked""", String.class)
                    .setParameter("id", job.id()).getResultList();
            if (tokens.isEmpty()) {
                return lastCommittedHolder(job);
            }
            if (!job.leaseToken().equals(tokens.get(0))) {
                return false;
            }
            session.createMutationQuery("update JobRow set leaseUntil = :until where id = :id")
                    .setParameter("until", clock.instant().plus(config.lease())).setParameter("id", job.id())
                    .executeUpdate();
            return true;
        });
    }

    /** Whether the last committed state of a row another transaction holds still names this run's lease. */
    private boolean lastCommittedHolder(Job job) {
        return session.createNativeQuery("select lease_token from job where id = :id and status = 'RUNNING'",
                        String.class).setParameter("id", job.id()).getResultList().contains(job.leaseToken());
    }

    /**
     * Marks the job DONE and runs {@code effects} in the same new transaction; if the lease is no longer this
     * job's, nothing is committed and {@link LeaseLostException} is thrown. The fencing check locks the row first,
     * so a lease that expires while the effects commit cannot be claimed by another worker in the meantime (claims
     * skip locked rows): a job is completed by one run only.
     */
    public void complete(Job job, Runnable effects) {
        QuarkusTransaction.requiringNew().run(() -> {
            fence(job, JobStatus.DONE, null, null);
            effects.run();
        });
    }

    /**
     * Records a failure: retried after a backoff while attempts remain and the error is not permanent, else
     * FAILED with {@code onFailed} run in the same transaction.
     *
     * @return the status the job now has
     */
    public JobStatus fail(Job job, String error, boolean permanent, Runnable onFailed) {
        return QuarkusTransaction.requiringNew().call(() -> {
            boolean retry = !permanent && job.attempt() < job.maxAttempts();
            if (retry) {
                Duration wait = config.backoff().multipliedBy(1L << Math.min(16, job.attempt() - 1));
                fence(job, JobStatus.PENDING, error, clock.instant().plus(wait));
                return JobStatus.PENDING;
            }
            fence(job, JobStatus.FAILED, error, null);
            onFailed.run();
            return JobStatus.FAILED;
        });
    }

    private void fence(Job job, JobStatus status, String error, Instant runAfter) {
        JobRow row = session.find(JobRow.class, job.id(), org.hibernate.LockMode.PESSIMISTIC_WRITE);
        if (row == null || row.status != JobStatus.RUNNING || !job.leaseToken().equals(row.leaseToken)) {
            throw new LeaseLostException(job.id());
        }
        Instant now = clock.instant();
        row.status = status;
        row.leaseOwner = null;
        row.leaseToken = null;
        row.leaseUntil = null;
        if (error != null) {
            row.lastError = error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error;
        }
        if (runAfter != null) {
            row.runAfter = runAfter;
        }
        if (status == JobStatus.DONE || status == JobStatus.FAILED) {
            row.finishedAt = now;
        }
    }

    /**
     * Puts a job back to wait {@code delay} without counting the attempt (its input was still changing, e.g. a
     * series still receiving instances); throws {@link LeaseLostException} if the lease is gone.
     */
    public void reschedule(Job job, Duration delay) {
        QuarkusTransaction.requiringNew().run(() -> {
            fence(job, JobStatus.PENDING, null, clock.instant().plus(delay));
            JobRow row = session.find(JobRow.class, job.id());
            row.attempts = Math.max(0, row.attempts - 1);
        });
    }

    /** Hands back the jobs a stopping worker still holds, so another instance takes them at once. */
    public int release(String worker) {
        return QuarkusTransaction.requiringNew().call(() -> session.createMutationQuery("""
                        update JobRow set status = PENDING, leaseOwner = null, leaseToken = null, leaseUntil = null,
                            runAfter = :now
                        where leaseOwner = :worker and status = RUNNING""")
                .setParameter("now", clock.instant()).setParameter("worker", worker).executeUpdate());
    }

    /** Jobs waiting for a worker (due or not): what the autoscaler scales on. */
    public long depth() {
        return QuarkusTransaction.requiringNew().call(() -> session.createSelectionQuery(
                "select count(*) from JobRow where status = PENDING", Long.class).getSingleResult());
    }

    @Transactional
    public Optional<JobView> find(long id) {
        return Optional.ofNullable(session.find(JobRow.class, id)).map(JobRow::view);
    }

    @Transactional
    public Optional<JobView> findByKey(String dedupeKey) {
        return session.createSelectionQuery("from JobRow where dedupeKey = :key", JobRow.class)
                .setParameter("key", dedupeKey).uniqueResultOptional().map(JobRow::view);
    }

    /** Newest first, optionally of one status. */
    @Transactional
    public List<JobView> recent(JobStatus status, int limit) {
        return session.createSelectionQuery(
                        "from JobRow where (:status is null or status = :status) order by id desc", JobRow.class)
                .setParameter("status", status).setMaxResults(limit).getResultList().stream()
                .map(JobRow::view).toList();
    }
}
