package io.consilium.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.agroal.api.AgroalDataSource;
import io.consilium.audit.AtnaSyslogSender;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.AuditLedger;
import io.consilium.audit.AuditOutbox;
import io.consilium.audit.AuditQuery;
import io.consilium.audit.AuditSealer;
import io.consilium.audit.AuditSigningKey;
import io.consilium.audit.AuditWriteException;
import io.consilium.audit.FhirAuditExport;
import io.consilium.audit.Outcome;
import io.consilium.audit.SealedRecord;
import io.consilium.audit.TrailVerification;
import io.consilium.server.platform.ActiveDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

/**
 * The application's audit trail: every audited action records here and waits until its record is
 * durable; an action whose record cannot be written fails with {@link io.consilium.audit.AuditWriteException}.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    /** Verification and export read the whole trail: give them more than the default transaction time. */
    private static final int LONG_TRANSACTION_SECONDS = 3600;
    /** The outbox ids a transaction added, kept with the transaction until it completes. */
    private static final Object OUTBOX_IDS = new Object();
    private static final long OUTBOX_SWEEP_SECONDS = 5;

    private final AuditConfig config;
    private final Session session;
    private final StatelessSession statelessSession;
    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private AuditLedger ledger;
    private AuditSealer sealer;
    private AtnaSyslogSender syslog;
    private ExecutorService forwarding;
    private ScheduledExecutorService outboxSweep;

    /**
     * The sealer writes through {@code statelessSession}, one transaction per batch; queries use {@code session};
     * the connection pool behind both serves the benchmark's unchained peer.
     */
    @Inject
    AuditTrail(AuditConfig config, Session session, StatelessSession statelessSession, ActiveDatabase database,
            @Any Instance<AgroalDataSource> pools, TransactionSynchronizationRegistry transactions) {
        this.config = config;
        this.transactions = transactions;
        this.session = session;
        this.statelessSession = statelessSession;
        this.dataSource = pools.select(new io.quarkus.agroal.DataSource.DataSourceLiteral(database.name())).get();
    }

    /** The connection pool the trail writes to (benchmarks insert their peer rows there). */
    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Records an event on this server's stream. A success inside a transaction is written with that transaction
     * and sealed once it has committed, so the trail never names an effect that was rolled back (a crash in between
     * leaves it in the outbox, for the outbox sweep of any instance that runs jobs). Anything else, a failure or an attempt that must stay on
     * record whatever the transaction does, is sealed before this returns.
     *
     * @throws AuditWriteException when it could not be written: the caller's action must not go ahead
     */
    public void record(AuditEvent event) {
        if (event.outcome() == Outcome.SUCCESS && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            recordWithTransaction(event);
        } else {
            record(config.stream(), event);
        }
    }

    private void recordWithTransaction(AuditEvent event) {
        long id;
        try {
            id = session.doReturningWork(connection -> AuditOutbox.add(connection, config.stream(), event));
        } catch (RuntimeException e) {
            // Not the cause: drivers put bound values (patient identifiers) into their messages.
            throw new AuditWriteException("audit record not written with the transaction: "
                    + e.getClass().getSimpleName(), null);
        }
        @SuppressWarnings("unchecked")
        List<Long> ids = (List<Long>) transactions.getResource(OUTBOX_IDS);
        if (ids != null) {
            ids.add(id);
            return;
        }
        List<Long> mine = new ArrayList<>(List.of(id));
        transactions.putResource(OUTBOX_IDS, mine);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    sealOutboxed(mine);
                }
            }
        });
    }

    private void sealOutboxed(List<Long> ids) {
        try {
            sealer().sealOutboxed(ids);
        } catch (AuditWriteException e) {
            // The records are durable in the outbox; the sweep seals them.
            LOG.warnf("%d committed audit record(s) kept in the outbox, to be sealed by its sweep: %s",
                    ids.size(), e.getMessage());
        }
    }

    /**
     * Sweeps the outbox now and then while this process serves: a process killed between a commit and its sealing
     * (this one before a restart, or another instance of a scaled-out deployment) leaves rows that nobody else
     * would seal. At the start it seals all that is there; later, what is older than the sweep's period, leaving
     * younger rows to the instance that wrote them. Tools run beside a server and leave that to it.
     */
    public synchronized void startOutboxSweep() {
        if (outboxSweep != null) {
            return;
        }
        sweepOutbox(Instant.now());
        outboxSweep = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-outbox-sweep");
            thread.setDaemon(true);
            return thread;
        });
        outboxSweep.scheduleWithFixedDelay(() -> sweepOutbox(Instant.now().minusSeconds(OUTBOX_SWEEP_SECONDS)),
                OUTBOX_SWEEP_SECONDS, OUTBOX_SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void sweepOutbox(Instant recordedBefore) {
        try {
            sealCommittedOutbox(recordedBefore);
        } catch (RuntimeException e) {
            LOG.warnf("audit outbox not swept (the next sweep tries again): %s", e.getMessage());
        }
    }

    /** Seals the committed outbox rows recorded before the given time; returns how many. */
    int sealCommittedOutbox(Instant recordedBefore) {
        int sealed = sealer().sealOutboxedBefore(recordedBefore).size();
        if (sealed > 0) {
            LOG.infof("Sealed %d committed audit record(s) that the instance which wrote them had not sealed", sealed);
        }
        return sealed;
    }

    /** Records an event on the named stream and returns it sealed. */
    public SealedRecord record(String stream, AuditEvent event) {
        return sealer().record(stream, event);
    }

    /** Records several events on the named stream, in order; returns once all are durable. */
    public List<SealedRecord> recordAll(String stream, List<AuditEvent> events) {
        return sealer().recordAll(stream, events);
    }

    /** Reads every record without checking anything: the peer that verification is measured against. */
    public long readAll() {
        return QuarkusTransaction.requiringNew().timeout(LONG_TRANSACTION_SECONDS).call(() ->
                session.doReturningWork(ledger()::readAll));
    }

    public TrailVerification verify() {
        return QuarkusTransaction.requiringNew().timeout(LONG_TRANSACTION_SECONDS).call(() ->
                session.doReturningWork(ledger()::verify));
    }

    public List<SealedRecord> find(AuditQuery query) {
        return QuarkusTransaction.requiringNew().call(() -> ledger().find(session, query));
    }

    /** One record by its place in its stream's chain. */
    public Optional<SealedRecord> get(String stream, long sequence) {
        return QuarkusTransaction.requiringNew().call(() -> ledger().get(session, stream, sequence));
    }

    /** Writes every record as FHIR NDJSON: an AuditEvent each, plus a Provenance for what produced results. */
    public FhirExportCount exportFhir(Writer out) {
        IParser json = FhirContext.forR4Cached().newJsonParser().setPrettyPrint(false);
        var export = new FhirAuditExport(config.sourceId());
        long[] provenances = {0};
        long events = QuarkusTransaction.requiringNew().timeout(LONG_TRANSACTION_SECONDS).call(() ->
                session.doReturningWork(connection -> ledger().forEach(connection, record -> {
                    try {
                        out.write(json.encodeResourceToString(export.auditEvent(record)));
                        out.write('\n');
                        var provenance = export.provenance(record);
                        if (provenance.isPresent()) {
                            out.write(json.encodeResourceToString(provenance.get()));
                            out.write('\n');
                            provenances[0]++;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })));
        return new FhirExportCount(events, provenances[0]);
    }

    /** How many resources an export wrote. */
    public record FhirExportCount(long auditEvents, long provenances) {
    }

    private synchronized AuditLedger ledger() {
        if (ledger == null) {
            AuditSigningKey key = AuditKeys.load(config);
            ledger = new AuditLedger(key, config.checkpointInterval());
        }
        return ledger;
    }

    private synchronized AuditSealer sealer() {
        if (sealer == null) {
            config.syslog().host().ifPresent(host -> {
                syslog = new AtnaSyslogSender(host, config.syslog().port(), config.syslog().transport(),
                        hostname(), "consilium", config.sourceId());
                forwarding = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "audit-syslog");
                    thread.setDaemon(true);
                    return thread;
                });
            });
            sealer = new AuditSealer(ledger(), work -> QuarkusTransaction.requiringNew().run(() ->
                    work.accept(statelessSession)), config.maxBatch(), config.writeTimeout(), this::forward);
        }
        return sealer;
    }

    private void forward(List<SealedRecord> records) {
        if (syslog == null) {
            return;
        }
        forwarding.execute(() -> {
            for (SealedRecord record : records) {
                try {
                    syslog.send(record);
                } catch (IOException | RuntimeException e) {
                    // Names the record, never its content; the database keeps it either way.
                    LOG.warnf("Audit record %s/#%d not forwarded to the syslog collector %s:%d: %s", record.stream(),
                            record.sequence(), config.syslog().host().orElse(""), config.syslog().port(),
                            e.getMessage());
                }
            }
        });
    }

    /** Seals what is queued and stops; a later record starts a fresh sealer that continues the chain. */
    @PreDestroy
    synchronized void close() {
        if (outboxSweep != null) {
            outboxSweep.shutdownNow();
            outboxSweep = null;
        }
        if (sealer != null) {
            sealer.close();
            sealer = null;
        }
        if (forwarding != null) {
            forwarding.shutdown();
            try {
                forwarding.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            syslog.close();
            forwarding = null;
            syslog = null;
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "consilium";
        }
    }
}
