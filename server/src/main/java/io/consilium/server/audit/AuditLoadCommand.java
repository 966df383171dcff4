package io.consilium.server.audit;

import io.consilium.audit.Actor;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.AuditLedger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load for measurements: concurrent writers each recording synthetic events, through the same path as the
 * application (queue, batching sealer, stream lock). Writes to its own stream, never the server's.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Write synthetic audit records from concurrent writers and report writes/s (benchmarks).")
class AuditLoadCommand implements Callable<Integer> {

    @Option(names = "--stream", defaultValue = "load-test", description = "stream to write to (default: ${DEFAULT-VALUE})")
    String stream;

    @Option(names = "--writers", defaultValue = "8", description = "concurrent writers (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--records", defaultValue = "10000", description = "records in all (default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--per-call", defaultValue = "1",
            description = "events each writer records per call, as a bulk import does (default: ${DEFAULT-VALUE})")
    int perCall;

    @Option(names = "--warm-up", defaultValue = "0", description = "records written before the sustained rate is"
            + " timed, while the JIT compiles the write path (default: ${DEFAULT-VALUE})")
    long warmUp;

    @Option(names = "--unchained-peer", description = "instead of the audit trail, insert the same rows into a"
            + " scratch table (" + PEER_TABLE + ", PostgreSQL) with no chain: each writer on its own connection, one"
            + " commit per call; the ceiling the trail is measured against")
    boolean unchainedPeer;

    private static final String PEER_TABLE = "audit_load_peer";

    private final AuditTrail trail;
    private final AuditConfig config;

    AuditLoadCommand(AuditTrail trail, AuditConfig config) {
        this.trail = trail;
        this.config = config;
    }

    @Override
    public Integer call() throws Exception {
        if (stream.equals(config.stream())) {
            System.err.println("refusing to write synthetic records into the server's stream '" + stream + "'");
            return 2;
        }
        if (unchainedPeer) {
            peerTable("create table if not exists " + PEER_TABLE + " (like audit_record including all)");
        }
        try {
            return load();
        } finally {
            if (unchainedPeer) {
                peerTable("drop table if exists " + PEER_TABLE);
            }
        }
    }

    private Integer load() throws Exception {
        if (warmUp < 0 || warmUp >= records) {
            System.err.println("--warm-up must be at least 0 and less than --records");
            return 2;
        }
        var progress = new Progress(System.nanoTime());
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        var results = new ArrayList<Future<?>>();
        for (int w = 0; w < writers; w++) {
            String writer = "load-writer-" + w;
            results.add(pool.submit(() -> write(writer, progress)));
        }
        for (Future<?> result : results) {
            result.get();
        }
        pool.shutdown();
        long ended = System.nanoTime();
        double seconds = (ended - progress.started) / 1e9;
        String what = unchainedPeer ? "unchained peer rows" : "records";
        if (warmUp > 0) {
            // Timed from the call that completed the warm-up: the calls then in flight (one per writer at most)
            // count in full, a rounding error against the tens of thousands timed.
            long timed = records - progress.warmedAtCount;
            double sustained = (ended - progress.warmedAt) / 1e9;
            System.out.printf("after %d warm-up %s in %.2f s, wrote %d more with %d writers (%d per call) in %.2f s:"
                    + " %.0f writes/s%n", progress.warmedAtCount, what, seconds - sustained, timed, writers, perCall,
                    sustained, timed / sustained);
        } else {
            System.out.printf("wrote %d %s with %d writers (%d per call) in %.2f s: %.0f writes/s%n", records,
                    what, writers, perCall, seconds, records / seconds);
        }
        return 0;
    }

    /** Shared by the writers: the next record number, how many are durable, and when the warm-up ended. */
    private static final class Progress {
        final long started;
        final AtomicLong next = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        volatile long warmedAt;
        volatile long warmedAtCount;

        Progress(long started) {
            this.started = started;
        }
    }

    /** One writer: takes the next {@code perCall} record numbers until all are written. */
    private Void write(String writer, Progress progress) throws SQLException {
        long step = Math.max(1, records / 10);
        try (Connection peer = unchainedPeer ? trail.dataSource().getConnection() : null) {
            for (long i = progress.next.getAndAdd(perCall); i < records; i = progress.next.getAndAdd(perCall)) {
                var events = new ArrayList<AuditEvent>(perCall);
                for (long j = i; j < Math.min(records, i + perCall); j++) {
                    events.add(AuditEvent.of(Actor.service(writer), "load.write", "Task/load-" + j)
                            .input("payload", "sha256:" + Long.toHexString(j)).detail("{\"i\":" + j + "}")
                            .build());
                }
                if (peer != null) {
                    AuditLedger.insertUnchained(peer, PEER_TABLE, stream, i + 1, events);
                } else {
                    trail.recordAll(stream, events);
                }
                long count = progress.done.addAndGet(events.size());
                if (warmUp > 0 && count >= warmUp && count - events.size() < warmUp) {
                    progress.warmedAtCount = count;
                    progress.warmedAt = System.nanoTime();
                }
                if (count / step != (count - events.size()) / step) {
                    double seconds = (System.nanoTime() - progress.started) / 1e9;
                    System.out.printf("  %,d / %,d records, %,.0f writes/s, ETA %.0f s%n", count, records,
                            count / seconds, (records - count) / (count / seconds));
                }
            }
        }
        return null;
    }

    private void peerTable(String ddl) throws SQLException {
        try (Connection connection = trail.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }
}
