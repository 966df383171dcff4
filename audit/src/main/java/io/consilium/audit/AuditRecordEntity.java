package io.consilium.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/** A sealed record as stored. Every column is insert-only: there is no update path in the code. */
@Entity
@Table(name = "audit_record")
@IdClass(AuditRecordEntity.Key.class)
class AuditRecordEntity {

    @Id
    @Column(length = 64, updatable = false)
    String stream;

    @Id
    @Column(updatable = false)
    long sequence;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    Instant recordedAt;

    @Column(name = "actor_kind", nullable = false, length = 16, updatable = false)
    String actorKind;

    @Column(name = "actor_id", nullable = false, updatable = false)
    String actorId;

    @Column(name = "actor_role", nullable = false, length = 64, updatable = false)
    String actorRole;

    @Column(name = "model_version", nullable = false, length = 64, updatable = false)
    String modelVersion;

    @Column(name = "weights_digest", nullable = false, length = 128, updatable = false)
    String weightsDigest;

    @Column(nullable = false, length = 64, updatable = false)
    String action;

    @Column(nullable = false, length = 4000, updatable = false)
    String targets;

    @Column(nullable = false, length = 16, updatable = false)
    String outcome;

    @Column(name = "outcome_text", nullable = false, length = 1024, updatable = false)
    String outcomeText;

    @Column(nullable = false, length = 255, updatable = false)
    String source;

    /** Protected field: the only place a patient identifier is kept. */
    @Column(name = "patient_id", nullable = false, length = 128, updatable = false)
    String patientId;

    @Column(name = "input_digests", nullable = false, length = 4000, updatable = false)
    String inputDigests;

    @Column(name = "output_digests", nullable = false, length = 4000, updatable = false)
    String outputDigests;

    @Column(nullable = false, length = 65536, updatable = false)
    String detail;

    @Column(name = "previous_hash", nullable = false, length = 64, updatable = false)
    String previousHash;

    @Column(nullable = false, length = 64, updatable = false)
    String hash;

    static AuditRecordEntity of(SealedRecord record) {
        AuditEvent event = record.event();
        var row = new AuditRecordEntity();
        row.stream = record.stream();
        row.sequence = record.sequence();
        row.recordedAt = event.recordedAt();
        row.actorKind = event.actor().kind().name();
        row.actorId = event.actor().id();
        row.actorRole = event.actor().role();
        row.modelVersion = event.actor().modelVersion();
        row.weightsDigest = event.actor().weightsDigest();
        row.action = event.action();
        row.targets = String.join("\n", event.targets());
        row.outcome = event.outcome().name();
        row.outcomeText = event.outcomeText();
        row.source = event.source();
        row.patientId = event.patientId();
        row.inputDigests = AuditChain.digests(event.inputDigests());
        row.outputDigests = AuditChain.digests(event.outputDigests());
        row.detail = event.detail();
        row.previousHash = record.previousHash();
        row.hash = record.hash();
        return row;
    }

    /**
     * The record as read back. A row altered so that it no longer forms a valid event (e.g. an unknown
     * outcome) still comes back, with placeholder values, so that verification reports it as broken.
     */
    SealedRecord toRecord() {
        AuditEvent event;
        try {
            event = new AuditEvent(recordedAt, new Actor(Actor.Kind.valueOf(actorKind), actorId, actorRole,
                    modelVersion, weightsDigest), action, Arrays.asList(targets.split("\n")),
                    Outcome.valueOf(outcome), outcomeText, source, patientId, parseDigests(inputDigests),
                    parseDigests(outputDigests), detail);
        } catch (RuntimeException unreadable) {
            event = new AuditEvent(recordedAt == null ? Instant.EPOCH : recordedAt, Actor.service("unreadable"),
                    "unreadable", List.of("unreadable"), Outcome.MAJOR_FAILURE, "", "", "", null, null, "");
        }
        return new SealedRecord(stream, sequence, event, previousHash, hash);
    }

    private static TreeMap<String, String> parseDigests(String text) {
        var digests = new TreeMap<String, String>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                digests.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return digests;
    }

    /** Primary key: a record is its position in its stream. */
    static class Key implements Serializable {
        String stream;
        long sequence;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sequence == sequence && Objects.equals(key.stream, stream);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stream, sequence);
        }
    }
}
