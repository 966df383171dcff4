package io.consilium.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.hibernate.StatelessSession;

/**
 * Writes audit records for many threads at once (group commit): callers queue their event and wait; one
 * sealing thread takes everything queued, chains it onto the stream's head as this process last committed
 * it, writes it through Hibernate ORM in one transaction (a compare-and-set of the head, one JDBC batch of
 * inserts, the commit) and only then answers every caller. If the transaction fails, every caller in the
 * batch gets an {@link AuditWriteException} and the chain is as it was.
 * Batching keeps throughput up; waiting means no caller goes on before its record is durable.
 */
public final class AuditSealer implements AutoCloseable {

    /**
     * Runs a unit of work in a transaction of its own on a Hibernate stateless session of the application's
     * session factory: commits when the work returns, rolls back (and throws) when it throws or the commit fails.
     */
    @FunctionalInterface
    public interface Transactions {
        void inTransaction(Consumer<StatelessSession> work);
    }

    /** What the sealing thread does next: seal a caller's event, or seal entries of the outbox. */
    private sealed interface Work permits Pending, Drain {
    }

    private record Pending(String stream, AuditEvent event, CompletableFuture<SealedRecord> result) implements Work {
    }

    /** Outbox entries to seal: the given ids, or else all recorded before {@code recordedBefore}. */
    private record Drain(List<Long> ids, Instant recordedBefore, CompletableFuture<List<SealedRecord>> result)
            implements Work {
    }

    private final AuditLedger ledger;
    private final Transactions transactions;
    private final int maxBatch;
    private final Duration writeTimeout;
    private final Consumer<List<SealedRecord>> onSealed;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    /** Each stream's head as this sealer last committed it; only the sealing thread touches it. */
    private final Map<String, AuditLedger.Head> heads = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param maxBatch     most records sealed in one transaction
     * @param writeTimeout how long a caller waits for its record to be durable before its action fails
     * @param onSealed     told of every committed batch (e.g. to forward it to a syslog collector)
     */
    public AuditSealer(AuditLedger ledger, Transactions transactions, int maxBatch, Duration writeTimeout,
            Consumer<List<SealedRecord>> onSealed) {
        this.ledger = ledger;
        this.transactions = transactions;
        this.maxBatch = maxBatch;
        this.writeTimeout = writeTimeout;
        this.onSealed = onSealed;
        this.thread = new Thread(this::sealLoop, "audit-sealer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Records an event and returns once it is committed.
     *
     * @throws AuditWriteException when it could not be written: the caller's action must not go ahead
     */
    public SealedRecord record(String stream, AuditEvent event) {
        return recordAll(stream, List.of(event)).get(0);
    }

    /**
     * Records several events, in order, and returns once all are committed (e.g. one per stored instance
     * of a study). They may be sealed in more than one transaction, but never out of order.
     *
     * @throws AuditWriteException when any could not be written: the caller's action must not go ahead
     */
    public List<SealedRecord> recordAll(String stream, List<AuditEvent> events) {
        if (!running) {
            throw new AuditWriteException("the audit trail is closed", null);
        }
        var pendings = new ArrayList<Pending>(events.size());
        synchronized (queue) {
            // One caller's events enter the queue together, so nobody else's land between them half-way.
            for (AuditEvent event : events) {
                var pending = new Pending(stream, event, new CompletableFuture<>());
                pendings.add(pending);
                queue.add(pending);
            }
        }
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        var sealed = new ArrayList<SealedRecord>(events.size());
        for (Pending pending : pendings) {
            sealed.add(await(pending.result(), deadline));
        }
        return sealed;
    }

    /**
     * Seals the given outbox entries, whose transaction has committed ({@link AuditOutbox#add}), and returns once
     * they are in the chain; entries already sealed by another process are skipped.
     *
     * @throws AuditWriteException when they could not be sealed: they stay in the outbox for a later call
     */
    public List<SealedRecord> sealOutboxed(List<Long> ids) {
        return drain(new Drain(List.copyOf(ids), null, new CompletableFuture<>()));
    }

    /**
     * Seals the committed outbox entries recorded before the given time, whichever process wrote them, as
     * {@link #sealOutboxed} does.
     */
    public List<SealedRecord> sealOutboxedBefore(Instant recordedBefore) {
        return drain(new Drain(null, recordedBefore, new CompletableFuture<>()));
    }

    private List<SealedRecord> drain(Drain drain) {
        if (!running) {
            throw new AuditWriteException("the audit trail is closed", null);
        }
        queue.add(drain);
        return await(drain.result(), System.nanoTime() + writeTimeout.toNanos());
    }

    private <T> T await(CompletableFuture<T> result, long deadline) {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // A new exception per caller: its stack trace shows the audited action that failed.
            throw new AuditWriteException(e.getCause().getMessage(), null);
        } catch (TimeoutException e) {
            throw new AuditWriteException("audit record not confirmed within " + writeTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditWriteException("interrupted while writing an audit record", e);
        }
    }

    /** Seals what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(writeTimeout.toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sealLoop() {
        var batch = new ArrayList<Pending>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Work first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (first instanceof Drain drain) {
                    seal(drain);
                    continue;
                }
                batch.add((Pending) first);
                // Only this thread takes from the queue: what it peeks at is what it polls.
                while (batch.size() < maxBatch && queue.peek() instanceof Pending) {
                    batch.add((Pending) queue.poll());
                }
                seal(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void seal(List<Pending> batch) {
        // Streams in name order: every process locks a batch's stream heads in the same order.
        Map<String, List<Pending>> byStream = new TreeMap<>();
        batch.forEach(pending -> byStream.computeIfAbsent(pending.stream(), s -> new ArrayList<>()).add(pending));
        List<SealedRecord> sealed;
        try {
            sealed = commit(byStream);
        } catch (RuntimeException e) {
            byStream.keySet().forEach(heads::remove);
            // Names the batch and the database's error code, never the content: drivers put bound values
            // (patient identifiers) into their messages, so the cause is not passed on.
            var failure = new AuditWriteException("audit trail write failed for " + batch.size()
                    + " record(s): " + describe(e), null);
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        int i = 0;
        for (List<Pending> pending : byStream.values()) {
            for (Pending one : pending) {
                one.result().complete(sealed.get(i++));
            }
        }
        forward(sealed);
    }

    private void forward(List<SealedRecord> sealed) {
        try {
            onSealed.accept(sealed);
        } catch (RuntimeException ignored) {
            // Forwarding is best effort; the database holds every record.
        }
    }

    /** Moves outbox entries into their streams' chains and removes them from the outbox, in one transaction. */
    private void seal(Drain drain) {
        var sealed = new ArrayList<SealedRecord>();
        var moved = new HashMap<String, AuditLedger.Head>();
        try {
            transactions.inTransaction(session -> session.doWork(connection -> {
                List<AuditOutbox.Entry> entries = drain.ids() != null ? AuditOutbox.lock(connection, drain.ids())
                        : AuditOutbox.lockRecordedBefore(connection, drain.recordedBefore());
                Map<String, List<AuditEvent>> byStream = new TreeMap<>();
                entries.forEach(entry -> byStream.computeIfAbsent(entry.stream(), s -> new ArrayList<>())
                        .add(entry.event()));
                for (Map.Entry<String, List<AuditEvent>> stream : byStream.entrySet()) {
                    AuditLedger.Appended appended = ledger.append(session, stream.getKey(),
                            heads.get(stream.getKey()), stream.getValue());
                    sealed.addAll(appended.records());
                    moved.put(stream.getKey(), appended.head());
                }
                AuditOutbox.remove(connection, entries);
            }));
        } catch (RuntimeException e) {
            heads.clear();
            drain.result().completeExceptionally(new AuditWriteException("sealing audit outbox entries failed: "
                    + describe(e), null));
            return;
        }
        heads.putAll(moved);
        drain.result().complete(sealed);
        forward(sealed);
    }

    /** Appends the batch in one transaction; the cached heads move only once it is committed. */
    private List<SealedRecord> commit(Map<String, List<Pending>> byStream) {
        var sealed = new ArrayList<SealedRecord>();
        var moved = new HashMap<String, AuditLedger.Head>();
        transactions.inTransaction(session -> {
            for (Map.Entry<String, List<Pending>> stream : byStream.entrySet()) {
                AuditLedger.Appended appended = ledger.append(session, stream.getKey(), heads.get(stream.getKey()),
                        stream.getValue().stream().map(Pending::event).toList());
                sealed.addAll(appended.records());
                moved.put(stream.getKey(), appended.head());
            }
        });
        heads.putAll(moved);
        return sealed;
    }

    private static String describe(Throwable failure) {
        var description = new StringBuilder(failure.getClass().getSimpleName());
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql) {
                description.append(", SQLState ").append(sql.getSQLState()).append(" (")
                        .append(sql.getClass().getSimpleName()).append(')');
                break;
            }
        }
        return description.toString();
    }
}
