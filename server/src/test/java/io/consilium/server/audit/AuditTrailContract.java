package io.consilium.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.consilium.audit.Actor;
import io.consilium.audit.AuditChain;
import io.consilium.audit.AuditEvent;
import io.consilium.audit.AuditLedger;
import io.consilium.audit.AuditOutbox;
import io.consilium.audit.AuditQuery;
import io.consilium.audit.AuditWriteException;
import io.consilium.audit.ChainVerification;
import io.consilium.audit.Outcome;
import io.consilium.audit.SealedRecord;
import io.consilium.server.platform.ActiveDatabase;
import io.consilium.server.security.KeycloakTestClient;
import io.consilium.server.study.StudyCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail against each database Consilium supports: chaining, tamper evidence with rows changed
 * directly in the database, concurrent writers, queries, faults and restarts.
 */
abstract class AuditTrailContract {

    /** The REST calls here are made as the development user {@code aud1}. */
    private static io.restassured.specification.RequestSpecification given() {
        return KeycloakTestClient.as("aud1");
    }

    @Inject
    AuditTrail trail;

    @Inject
    AuditConfig config;

    @Inject
    StudyCatalog studies;

    @Inject
    Session session;

    @Inject
    StatelessSession statelessSession;

    @Inject
    ActiveDatabase database;

    @Inject
    @Any
    Instance<AgroalDataSource> pools;

    @Inject
    TransactionSynchronizationRegistry registry;

    private final List<String> streams = new ArrayList<>();

    /** Lets this connection's transaction change audit rows as an attacker with database access would. */
    abstract void bypassAppendOnly(Statement statement) throws SQLException;

    @AfterEach
    void removeTestStreams() {
        for (String stream : streams) {
            sql("delete from audit_checkpoint where stream = '" + stream + "'",
                    "delete from audit_record where stream = '" + stream + "'",
                    "delete from audit_stream where stream = '" + stream + "'");
        }
    }

    @Test
    void recordsAreChainedAndTheRestCallVerifiesThem() {
        String stream = stream();
        List<SealedRecord> sealed = write(stream, 3);

        assertThat(sealed).extracting(SealedRecord::sequence).containsExactly(1L, 2L, 3L);
        assertThat(sealed.get(1).previousHash()).isEqualTo(sealed.get(0).hash());
        JsonPath verification = given().get("/api/audit/verify").then().statusCode(200).extract().jsonPath();
        assertThat(verification.getBoolean("streams.find { it.stream == '" + stream + "' }.intact")).isTrue();
        assertThat(verification.getLong("streams.find { it.stream == '" + stream + "' }.verifiedRecords")).isEqualTo(3);
    }

    @Test
    void anAlteredRowIsNamed() {
        String stream = stream();
        write(stream, 5);
        sql("update audit_record set outcome_text = 'approved by dr.mallory' where stream = '" + stream
                + "' and sequence = 3");
        assertBroken(stream, 3, "content does not match its hash");
        assertRestNames(stream, 3);
    }

    @Test
    void aDeletedRowIsNamed() {
        String stream = stream();
        write(stream, 5);
        sql("delete from audit_record where stream = '" + stream + "' and sequence = 3");
        assertBroken(stream, 3, "record(s) #3 missing before #4");
    }

    @Test
    void reorderedRowsAreNamed() {
        String stream = stream();
        write(stream, 5);
        String where = " where stream = '" + stream + "' and sequence = ";
        sql("update audit_record set sequence = -1" + where + "3",
                "update audit_record set sequence = 3" + where + "4",
                "update audit_record set sequence = 4" + where + "-1");
        assertBroken(stream, 3, "previous-hash link");
    }

    @Test
    void aDeletedTailIsNamed() {
        String stream = stream();
        write(stream, 5);
        sql("delete from audit_record where stream = '" + stream + "' and sequence = 5");
        assertBroken(stream, 5, "the chain ends at #4 but the stream's head records #5");
    }

    @Test
    void aRehashedForgeryIsCaughtByTheSignedCheckpoint() {
        String stream = stream();
        AuditLedger ledger = new AuditLedger(AuditKeys.load(config), 2);
        QuarkusTransaction.requiringNew().run(() -> ledger.openStream(statelessSession, stream));
        List<SealedRecord> original = write(stream, 5);
        // The attacker rewrites record 3 and recomputes every hash after it, but has no signing key.
        List<SealedRecord> forged = new ArrayList<>(original.subList(0, 2));
        for (SealedRecord record : original.subList(2, 5)) {
            AuditEvent e = record.event();
            AuditEvent event = record.sequence() == 3 ? new AuditEvent(e.recordedAt(), e.actor(), "study.read",
                    e.targets(), e.outcome(), e.outcomeText(), e.source(), e.patientId(), e.inputDigests(),
                    e.outputDigests(), e.detail()) : e;
            forged.add(AuditChain.seal(stream, record.sequence(), event, forged.get(forged.size() - 1).hash()));
        }
        var statements = new ArrayList<String>();
        for (SealedRecord record : forged.subList(2, 5)) {
            statements.add("update audit_record set action = '" + record.event().action() + "', previous_hash = '"
                    + record.previousHash() + "', hash = '" + record.hash() + "' where stream = '" + stream
                    + "' and sequence = " + record.sequence());
        }
        statements.add("update audit_stream set last_hash = '" + forged.get(4).hash() + "' where stream = '" + stream
                + "'");
        sql(statements.toArray(String[]::new));
        assertThat(AuditChain.verify(stream, forged).intact()).as("the forged chain links up").isTrue();

        assertBroken(stream, 4, "the signed checkpoint does not match this record");
    }

    @Test
    void aRemovedCheckpointIsNamed() {
        String stream = stream();
        AuditLedger ledger = new AuditLedger(AuditKeys.load(config), 2);
        QuarkusTransaction.requiringNew().run(() -> ledger.openStream(statelessSession, stream));
        write(stream, 5);
        sql("delete from audit_checkpoint where stream = '" + stream + "' and sequence = 2");
        ChainVerification result = verify(stream);
        assertThat(result.firstBrokenSequence()).isEqualTo(2);
        assertThat(result.reason()).contains("checkpoint at this record is missing");
    }

    @Test
    void concurrentWritersMakeOneChainWithoutGapsOrForks() throws Exception {
        String stream = stream();
        int writers = 16;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        var results = new ArrayList<Future<List<SealedRecord>>>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            results.add(pool.submit(() -> {
                var mine = new ArrayList<SealedRecord>();
                for (int i = 0; i < each; i++) {
                    mine.add(trail.record(stream, event(Actor.service("writer-" + writer), "load.write", "", i)));
                }
                return mine;
            }));
        }
        var sequences = new ArrayList<Long>();
        for (Future<List<SealedRecord>> result : results) {
            result.get().forEach(record -> sequences.add(record.sequence()));
        }
        pool.shutdown();

        assertThat(sequences).hasSize(writers * each).doesNotHaveDuplicates();
        ChainVerification verification = verify(stream);
        assertThat(verification.intact()).as(verification.summary()).isTrue();
        assertThat(verification.verifiedRecords()).isEqualTo(writers * each);
    }

    @Test
    void aFailingBatchFailsEveryCallerInItAndLeavesTheChainIntact() throws Exception {
        String blocked = stream();
        String stream = stream();
        write(stream, 2);
        write(blocked, 1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            // Hold the sealer on another stream's lock while five callers queue up behind it: they are then
            // sealed as one batch, and one of them cannot be stored (its action is longer than the column).
            var locked = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            Future<?> lockHolder = pool.submit(() -> QuarkusTransaction.requiringNew().run(() ->
                    session.doWork(connection -> {
                        try (Statement statement = connection.createStatement()) {
                            statement.executeQuery("select last_sequence from audit_stream where stream = '" + blocked
                                    + "' for update").close();
                            locked.countDown();
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            var restarted = new AuditTrail(config, session, statelessSession, database, pools, registry);
            try {
                Future<SealedRecord> first = pool.submit(() -> restarted.record(blocked,
                        event(Actor.service("first"), "study.read", "", 1)));
                // Longer than H2's own 2 s lock timeout: a busy head is waited for, up to the write timeout.
                Thread.sleep(2_500);
                var callers = new ArrayList<Future<SealedRecord>>();
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    callers.add(pool.submit(() -> restarted.record(stream,
                            event(Actor.service("caller-" + n), "study.read", "", n))));
                }
                callers.add(pool.submit(() -> restarted.record(stream,
                        event(Actor.service("caller-bad"), "x".repeat(100), "", 9))));
                Thread.sleep(1_000);
                release.countDown();
                lockHolder.get(30, TimeUnit.SECONDS);

                assertThat(first.get(30, TimeUnit.SECONDS).sequence()).isEqualTo(2);
                for (Future<SealedRecord> caller : callers) {
                    assertThatThrownBy(() -> caller.get(30, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(AuditWriteException.class);
                }
                assertThat(verify(stream).intact()).isTrue();
                assertThat(verify(stream).verifiedRecords()).isEqualTo(2);
                assertThat(restarted.record(stream, event(Actor.service("after"), "study.read", "", 3)).sequence())
                        .isEqualTo(3);
            } finally {
                restarted.close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verify(stream).verifiedRecords()).isEqualTo(3);
    }

    @Test
    void twoTrailsOnOneStreamTakeTurnsWithoutForking() {
        String stream = stream();
        var other = new AuditTrail(config, session, statelessSession, database, pools, registry);
        try {
            write(stream, 2);
            assertThat(other.record(stream, event(Actor.service("other"), "study.read", "", 3)).sequence()).isEqualTo(3);
            // The first trail's idea of the head is now stale: it must find the real one, not fork the chain.
            assertThat(write(stream, 1).get(0).sequence()).isEqualTo(4);
            assertThat(other.record(stream, event(Actor.service("other"), "study.read", "", 5)).sequence()).isEqualTo(5);
        } finally {
            other.close();
        }
        ChainVerification verification = verify(stream);
        assertThat(verification.intact()).as(verification.summary()).isTrue();
        assertThat(verification.verifiedRecords()).isEqualTo(5);
    }

    @Test
    void aSuccessInATransactionIsOnRecordExactlyWhenTheTransactionCommits() {
        String actor = "outbox-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> trail.record(AuditEvent.of(Actor.service(actor), "result.merge",
                "DiagnosticReport/committed").build()));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            trail.record(AuditEvent.of(Actor.service(actor), "result.merge", "DiagnosticReport/rolled-back").build());
            trail.record(AuditEvent.of(Actor.service(actor), "result.merge", "DiagnosticReport/refused")
                    .outcome(Outcome.MINOR_FAILURE, "the series changed").build());
            throw new IllegalStateException("the effect failed");
        })).hasMessage("the effect failed");

        // Read straight after the commit: the committed success is already sealed; the failure stays on record.
        assertThat(recordedBy(actor)).containsExactlyInAnyOrder("DiagnosticReport/committed", "DiagnosticReport/refused");
        assertThat(outboxSize()).isZero();
    }

    @Test
    void whatACrashLeftInTheOutboxIsSealedByTheSweep() {
        String actor = "outbox-" + UUID.randomUUID().toString().substring(0, 8);
        // A transaction that committed its effect and its audit event, then the process died before sealing.
        QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> AuditOutbox.add(connection,
                config.stream(), AuditEvent.of(Actor.service(actor), "seg.infer", "DiagnosticReport/before-crash")
                        .build())));
        assertThat(recordedBy(actor)).isEmpty();

        trail.close();
        var restarted = new AuditTrail(config, session, statelessSession, database, pools, registry);
        try {
            assertThat(restarted.sealCommittedOutbox(Instant.now())).isEqualTo(1);
        } finally {
            restarted.close();
        }
        assertThat(recordedBy(actor)).containsExactly("DiagnosticReport/before-crash");
        assertThat(outboxSize()).isZero();
        assertThat(verify(config.stream()).intact()).isTrue();
    }

    private List<String> recordedBy(String actor) {
        return trail.find(new AuditQuery(null, actor, null, null, null, 0, 100)).stream()
                .map(record -> record.event().targets().get(0)).toList();
    }

    private long outboxSize() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) session
                .createNativeQuery("select count(*) from audit_outbox", Long.class).getSingleResult()).longValue());
    }

    @Test
    void theChainContinuesAfterARestart() {
        String stream = stream();
        write(stream, 2);
        trail.close();
        var restarted = new AuditTrail(config, session, statelessSession, database, pools, registry);
        try {
            SealedRecord next = restarted.record(stream, event(Actor.service("after-restart"), "study.read", "", 9));
            assertThat(next.sequence()).isEqualTo(3);
        } finally {
            restarted.close();
        }
        assertThat(verify(stream).verifiedRecords()).isEqualTo(3);
    }

    @Test
    void queriesFilterByPatientUserActionAndTimeWithPaging() {
        String stream = stream();
        String patient = "PID-" + UUID.randomUUID();
        String otherPatient = patient + "-other";
        Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
        Actor grey = Actor.user("dr.grey-" + stream, "radiologist");
        Actor house = Actor.user("dr.house-" + stream, "radiologist");
        trail.record(stream, AuditEvent.of(grey, "study.read", "ImagingStudy/1").at(t0).patient(patient).build());
        trail.record(stream, AuditEvent.of(house, "task.complete", "Task/1").at(t0.plusSeconds(60)).patient(patient)
                .build());
        trail.record(stream, AuditEvent.of(grey, "task.complete", "Task/2").at(t0.plusSeconds(120)).patient(patient)
                .build());
        trail.record(stream, AuditEvent.of(grey, "study.read", "ImagingStudy/2").at(t0.plusSeconds(180))
                .patient(otherPatient).build());

        assertThat(targets(given().queryParam("patient", patient))).containsExactly("Task/2", "Task/1", "ImagingStudy/1");
        assertThat(targets(given().queryParam("user", grey.id()).queryParam("action", "task.complete")))
                .containsExactly("Task/2");
        assertThat(targets(given().queryParam("patient", patient).queryParam("from", t0.plusSeconds(60).toString())
                .queryParam("to", t0.plusSeconds(120).toString()))).containsExactly("Task/1");
        assertThat(targets(given().queryParam("user", grey.id()).queryParam("size", 2).queryParam("page", 1)))
                .containsExactly("ImagingStudy/1");
        given().queryParam("size", 0).get("/api/audit/records").then().statusCode(400);
        given().queryParam("from", "yesterday").get("/api/audit/records").then().statusCode(400);
    }

    @Test
    void anUnwritableTrailFailsTheAuditedActionAndLosesNothing() {
        var logged = new ArrayList<String>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        String stream = stream();
        write(stream, 2);
        String uid = "2.25." + Math.abs(UUID.randomUUID().getMostSignificantBits());
        // Both places a record can go: the chain and the outbox of events written with a transaction.
        sql("alter table audit_record rename to audit_record_offline",
                "alter table audit_outbox rename to audit_outbox_offline");
        try {
            assertThatThrownBy(() -> studies.register(uid, "CT", "audited")).isInstanceOf(AuditWriteException.class);
            assertThatThrownBy(() -> trail.record(stream, event(Actor.service("t"), "study.read", "PID-SECRET-77", 1)))
                    .isInstanceOf(AuditWriteException.class)
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("PID-SECRET-77"));
        } finally {
            sql("alter table audit_record_offline rename to audit_record",
                    "alter table audit_outbox_offline rename to audit_outbox");
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(studies.find(uid)).as("no unaudited registration").isEmpty();
        assertThat(String.join("\n", logged)).doesNotContain("PID-SECRET-77");

        studies.register(uid, "CT", "audited");
        assertThat(studies.find(uid)).isPresent();
        assertThat(verify(stream).verifiedRecords()).isEqualTo(2);
        assertThat(trail.record(stream, event(Actor.service("t"), "study.read", "", 3)).sequence()).isEqualTo(3);
        assertThat(trail.verify().intact()).isTrue();
    }

    @Test
    void fhirExportHasAnAuditEventPerRecordAndProvenanceForResults() {
        String stream = stream();
        trail.record(stream, AuditEvent.of(Actor.model("deferred-seg", "0.1.0", "sha256:abc"), "seg.infer",
                "ImagingStudy/9.8.7").input("image", "sha256:111").output("mask", "sha256:222").build());
        String ndjson = given().get("/api/audit/export/fhir").then().statusCode(200)
                .contentType("application/fhir+ndjson").extract().asString();
        List<String> mine = ndjson.lines().filter(line -> line.contains("urn:consilium:audit:record"))
                .filter(line -> line.contains(stream + "/1") || line.contains(stream + "-1")).toList();
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0)).startsWith("{\"resourceType\":\"AuditEvent\"").contains("deferred-seg 0.1.0");
        assertThat(mine.get(1)).startsWith("{\"resourceType\":\"Provenance\"").contains("ImagingStudy/9.8.7");
    }

    private static String stackTrace(Throwable e) {
        var text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private List<String> targets(io.restassured.specification.RequestSpecification request) {
        return request.get("/api/audit/records").then().statusCode(200).extract().jsonPath()
                .getList("records.collect { it.targets[0] }", String.class);
    }

    private String stream() {
        String stream = "test-" + UUID.randomUUID().toString().substring(0, 8);
        streams.add(stream);
        return stream;
    }

    private List<SealedRecord> write(String stream, int n) {
        var sealed = new ArrayList<SealedRecord>();
        for (int i = 1; i <= n; i++) {
            sealed.add(trail.record(stream, event(Actor.user("dr.grey", "radiologist"), "task.complete", "PID-1", i)));
        }
        return sealed;
    }

    private static AuditEvent event(Actor actor, String action, String patient, int i) {
        return AuditEvent.of(actor, action, "Task/" + i).patient(patient).outcome(Outcome.SUCCESS, "")
                .input("mask", "sha256:" + Integer.toHexString(i)).build();
    }

    private ChainVerification verify(String stream) {
        return trail.verify().streams().stream().filter(chain -> chain.stream().equals(stream)).findFirst()
                .orElseThrow();
    }

    private void assertBroken(String stream, long sequence, String reason) {
        ChainVerification result = verify(stream);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenSequence()).as(result.summary()).isEqualTo(sequence);
        assertThat(result.reason()).contains(reason);
    }

    private void assertRestNames(String stream, long sequence) {
        JsonPath verification = given().get("/api/audit/verify").then().statusCode(200).extract().jsonPath();
        assertThat(verification.getBoolean("intact")).isFalse();
        assertThat(verification.getLong("streams.find { it.stream == '" + stream + "' }.firstBrokenSequence"))
                .isEqualTo(sequence);
    }

    void sql(String... statements) {
        QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                bypassAppendOnly(statement);
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        }));
    }

}
