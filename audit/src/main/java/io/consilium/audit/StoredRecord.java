package io.consilium.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A record in the form it is stored and hashed: every field as the text in its column. Verification hashes
 * these texts as read, without rebuilding the event, so any change to a stored byte is caught and reading a
 * million rows makes one small object per row.
 */
record StoredRecord(String stream, long sequence, Instant recordedAt, String actorKind, String actorId,
        String actorRole, String modelVersion, String weightsDigest, String action, String targets,
        String outcome, String outcomeText, String source, String patientId, String inputDigests,
        String outputDigests, String detail, String previousHash, String hash) {

    /** The columns, in the order {@link #read} expects and the inserts bind. */
    static final String COLUMNS = "stream, sequence, recorded_at, actor_kind, actor_id, actor_role, model_version,"
            + " weights_digest, action, targets, outcome, outcome_text, source, patient_id, input_digests,"
            + " output_digests, detail, previous_hash, hash";

    static StoredRecord of(SealedRecord record) {
        return of(record.stream(), record.sequence(), record.event(), record.previousHash(), record.hash());
    }

    /** The stored form of an event at its place in the chain; {@code hash} is null while it is being sealed. */
    static StoredRecord of(String stream, long sequence, AuditEvent event, String previousHash, String hash) {
        Actor actor = event.actor();
        return new StoredRecord(stream, sequence, event.recordedAt(), actor.kind().name(), actor.id(), actor.role(),
                actor.modelVersion(), actor.weightsDigest(), event.action(), String.join("\n", event.targets()),
                event.outcome().name(), event.outcomeText(), event.source(), event.patientId(),
                digests(event.inputDigests()), digests(event.outputDigests()), event.detail(), previousHash, hash);
    }

    /** The event's columns, {@code recorded_at} to {@code detail} (15 of them), in {@link #COLUMNS} order. */
    static final String EVENT_COLUMNS = "recorded_at, actor_kind, actor_id, actor_role, model_version, weights_digest,"
            + " action, targets, outcome, outcome_text, source, patient_id, input_digests, output_digests, detail";

    /** Binds the event's columns ({@link #EVENT_COLUMNS}) from parameter {@code first} on. */
    void bindEvent(PreparedStatement statement, int first) throws SQLException {
        statement.setObject(first, OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC));
        String[] values = {actorKind, actorId, actorRole, modelVersion, weightsDigest, action, targets, outcome,
            outcomeText, source, patientId, inputDigests, outputDigests, detail};
        for (int i = 0; i < values.length; i++) {
            statement.setString(first + 1 + i, values[i]);
        }
    }

    /** The event whose columns ({@link #EVENT_COLUMNS}) start at column {@code first} of the cursor's row. */
    static AuditEvent readEvent(ResultSet row, int first) throws SQLException {
        OffsetDateTime at = row.getObject(first, OffsetDateTime.class);
        return new StoredRecord("", 0, at == null ? null : at.toInstant(), row.getString(first + 1),
                row.getString(first + 2), row.getString(first + 3), row.getString(first + 4), row.getString(first + 5),
                row.getString(first + 6), row.getString(first + 7), row.getString(first + 8), row.getString(first + 9),
                row.getString(first + 10), row.getString(first + 11), row.getString(first + 12),
                row.getString(first + 13), row.getString(first + 14), null, null).toRecord().event();
    }

    StoredRecord withHash(String sealedHash) {
        return new StoredRecord(stream, sequence, recordedAt, actorKind, actorId, actorRole, modelVersion,
                weightsDigest, action, targets, outcome, outcomeText, source, patientId, inputDigests, outputDigests,
                detail, previousHash, sealedHash);
    }

    /** The row under the result set's cursor, selected as {@link #COLUMNS}. */
    static StoredRecord read(ResultSet row) throws SQLException {
        OffsetDateTime at = row.getObject(3, OffsetDateTime.class);
        return new StoredRecord(row.getString(1), row.getLong(2), at == null ? null : at.toInstant(),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                row.getString(9), row.getString(10), row.getString(11), row.getString(12), row.getString(13),
                row.getString(14), row.getString(15), row.getString(16), row.getString(17), row.getString(18),
                row.getString(19));
    }

    /**
     * The record as an event. A row altered so that it no longer forms a valid event (e.g. an unknown
     * outcome) still comes back, with placeholder values; its hash no longer matches either way.
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

    static String digests(java.util.Map<String, String> digests) {
        var text = new StringBuilder();
        digests.forEach((name, digest) -> text.append(name).append('=').append(digest).append('\n'));
        return text.toString();
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
}
