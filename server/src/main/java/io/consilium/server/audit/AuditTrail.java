package io.consilium.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.agroal.api.AgroalDataSource;
import io.consilium.audit.AtnaSyslogSender;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.AuditLedger;
import io.consilium.audit.AuditQuery;
import io.consilium.audit.AuditSealer;
import io.consilium.audit.AuditSigningKey;
import io.consilium.audit.FhirAuditExport;
import io.consilium.audit.SealedRecord;
import io.consilium.audit.TrailVerification;
import io.consilium.server.platform.ActiveDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private final AuditConfig config;
    private final Session session;
    private final StatelessSession statelessSession;
    private final DataSource dataSource;
    private AuditLedger ledger;
    private AuditSealer sealer;
    private AtnaSyslogSender syslog;
    private ExecutorService forwarding;

    /**
     * The sealer writes through {@code statelessSession}, one transaction per batch; queries use {@code session};
     * the connection pool behind both serves the benchmark's unchained peer.
     */
    @Inject
    AuditTrail(AuditConfig config, Session session, StatelessSession statelessSession, ActiveDatabase database,
            @Any Instance<AgroalDataSource> pools) {
        this.config = config;
        this.session = session;
        this.statelessSession = statelessSession;
        this.dataSource = pools.select(new io.quarkus.agroal.DataSource.DataSourceLiteral(database.name())).get();
    }

    /** The connection pool the trail writes to (benchmarks insert their peer rows there). */
    DataSource dataSource() {
        return dataSource;
    }

    /** Records an event on this server's stream and returns it sealed. */
    public SealedRecord record(AuditEvent event) {
        return record(config.stream(), event);
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
