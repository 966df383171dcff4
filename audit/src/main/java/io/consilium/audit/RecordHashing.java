package io.consilium.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Recomputes stored records' hashes on worker threads while later rows are still being read, and hands
 * each row with its recomputed hash to a sink in read order. Hashing, the costly part of verification, so
 * overlaps the database read and uses every core; checking the links stays in order in the caller's thread.
 */
final class RecordHashing implements AutoCloseable {

    /** Takes one row with the hash its content gives; says whether to go on. */
    @FunctionalInterface
    interface Sink {
        boolean accept(StoredRecord row, String recomputedHash);
    }

    private record Chunk(List<StoredRecord> rows, String[] hashes) {
    }

    private static final int CHUNK = 1_000;

    private final Sink sink;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
    private List<StoredRecord> filling = new ArrayList<>(CHUNK);
    private boolean stopped;

    RecordHashing(Sink sink) {
        this.sink = sink;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "audit-verify-hash");
            thread.setDaemon(true);
            return thread;
        });
        this.maxInFlight = 4 * threads;
    }

    /** Takes the next row in chain order; false once the sink has stopped (the rest need not be read). */
    boolean add(StoredRecord row) {
        filling.add(row);
        if (filling.size() == CHUNK) {
            submit();
        }
        return !stopped;
    }

    /** Hands every row still pending to the sink. */
    void finish() {
        if (!filling.isEmpty()) {
            submit();
        }
        while (!stopped && !inFlight.isEmpty()) {
            drainOldest();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private void submit() {
        List<StoredRecord> rows = filling;
        filling = new ArrayList<>(CHUNK);
        inFlight.add(workers.submit(() -> {
            var hasher = new AuditChain.Hasher();
            String[] hashes = new String[rows.size()];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = hasher.hash(rows.get(i));
            }
            return new Chunk(rows, hashes);
        }));
        while (!stopped && inFlight.size() > maxInFlight) {
            drainOldest();
        }
    }

    private void drainOldest() {
        Chunk chunk;
        try {
            chunk = inFlight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying the audit trail", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing audit records failed", e.getCause());
        }
        for (int i = 0; i < chunk.hashes().length; i++) {
            if (!sink.accept(chunk.rows().get(i), chunk.hashes()[i])) {
                stopped = true;
                return;
            }
        }
    }
}
