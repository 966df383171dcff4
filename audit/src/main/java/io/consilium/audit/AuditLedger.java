package io.consilium.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The audit trail in the database. Appending and verifying run as plain JDBC on the caller's connection
 * (they are the hot paths: a batch of records is one update and one batch insert; verification streams rows
 * with a cursor), queries run through Jakarta Persistence on the mapped entities. Every method works inside
 * the caller's transaction. There is no method that changes or removes a record.
 */
public final class AuditLedger {

    /** Rows per round trip when streaming the trail: large enough to keep the database busy, small in memory. */
    private static final int FETCH = 5_000;

    private final AuditSigningKey key;
    private final int checkpointInterval;

    /**
     * @param key                signs checkpoints and checks them on verification
     * @param checkpointInterval a signed checkpoint every this many records of a new stream
     */
    public AuditLedger(AuditSigningKey key, int checkpointInterval) {
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1, was " + checkpointInterval);
        }
        this.key = key;
        this.checkpointInterval = checkpointInterval;
    }

    /**
     * Creates the stream's head, with this ledger's checkpoint interval, if it does not exist yet; a
     * concurrent creation makes this transaction fail.
     */
    public void openStream(Connection connection, String stream) throws SQLException {
        if (stream == null || stream.isBlank() || stream.length() > 64) {
            throw new IllegalArgumentException("an audit stream needs a name of 1 to 64 characters");
        }
        if (readHead(connection, stream, false) == null) {
            try (PreparedStatement insert = connection.prepareStatement("insert into audit_stream (stream,"
                    + " last_sequence, last_hash, checkpoint_interval) values (?, 0, ?, ?)")) {
                insert.setString(1, stream);
                insert.setString(2, AuditChain.GENESIS);
                insert.setInt(3, checkpointInterval);
                insert.executeUpdate();
            }
        }
    }

    /** The end of a stream's chain: the next record gets {@code sequence + 1} and links to {@code hash}. */
    record Head(long sequence, String hash, int checkpointInterval) {
    }

    /** Events sealed onto a head: the records as callers see them, as rows, and the head after them. */
    private record Sealing(List<SealedRecord> records, List<StoredRecord> rows, Head head) {
    }

    /**
     * Appends events to a stream, in order, in the connection's transaction, and signs a checkpoint at every
     * interval crossed. {@code known} is the head as this process last committed it (null when not known):
     * the records are sealed onto it and the head moves only if it is still there, so the usual append costs
     * one update and one batch of inserts. When another process appended in between, the real head is locked
     * and the events are sealed again onto it. The head's row lock serialises every writer of the stream.
     *
     * @return the sealed records and the stream's new head
     */
    Appended append(Connection connection, String stream, Head known, List<AuditEvent> events) throws SQLException {
        Head head = known != null ? known : lockHead(connection, stream);
        Sealing sealing = seal(stream, head, events);
        if (!advance(connection, stream, head, sealing.head())) {
            head = lockHead(connection, stream);
            sealing = seal(stream, head, events);
            if (!advance(connection, stream, head, sealing.head())) {
                throw new SQLException("the head of audit stream '" + stream + "' changed while locked");
            }
        }
        insert(connection, sealing.rows(), head.checkpointInterval());
        return new Appended(sealing.records(), sealing.head());
    }

    /**
     * The usual append on PostgreSQL, as one statement in autocommit, so one round trip per batch: the head
     * moves from {@code known} (compare-and-set) and the records and checkpoints are inserted only if it did;
     * being one statement, it is all or nothing. The rows travel as arrays, so the statement's text is the
     * same for every batch size and is prepared once.
     *
     * @return what was written, or null when the head is no longer {@code known} (then nothing was written)
     */
    Appended appendAtOnce(Connection connection, String stream, Head known, List<AuditEvent> events)
            throws SQLException {
        Sealing sealing = seal(stream, known, events);
        List<StoredRecord> rows = sealing.rows();
        List<StoredRecord> checkpointed = rows.stream()
                .filter(row -> row.sequence() % known.checkpointInterval() == 0).toList();
        try (PreparedStatement append = connection.prepareStatement(APPEND_AT_ONCE)) {
            append.setLong(1, sealing.head().sequence());
            append.setString(2, sealing.head().hash());
            append.setString(3, stream);
            append.setLong(4, known.sequence());
            append.setString(5, known.hash());
            String signedAt = java.time.Instant.now().toString();
            append.setArray(6, texts(connection, checkpointed, StoredRecord::stream));
            append.setArray(7, connection.createArrayOf("int8",
                    checkpointed.stream().map(StoredRecord::sequence).toArray()));
            append.setArray(8, texts(connection, checkpointed, StoredRecord::hash));
            append.setArray(9, texts(connection, checkpointed, row -> key.keyId()));
            append.setArray(10, texts(connection, checkpointed,
                    row -> key.signCheckpoint(row.stream(), row.sequence(), row.hash())));
            append.setArray(11, texts(connection, checkpointed, row -> signedAt));
            append.setArray(12, texts(connection, rows, StoredRecord::stream));
            append.setArray(13, connection.createArrayOf("int8", rows.stream().map(StoredRecord::sequence).toArray()));
            append.setArray(14, texts(connection, rows, row -> row.recordedAt().toString()));
            append.setArray(15, texts(connection, rows, StoredRecord::actorKind));
            append.setArray(16, texts(connection, rows, StoredRecord::actorId));
            append.setArray(17, texts(connection, rows, StoredRecord::actorRole));
            append.setArray(18, texts(connection, rows, StoredRecord::modelVersion));
            append.setArray(19, texts(connection, rows, StoredRecord::weightsDigest));
            append.setArray(20, texts(connection, rows, StoredRecord::action));
            append.setArray(21, texts(connection, rows, StoredRecord::targets));
            append.setArray(22, texts(connection, rows, StoredRecord::outcome));
            append.setArray(23, texts(connection, rows, StoredRecord::outcomeText));
            append.setArray(24, texts(connection, rows, StoredRecord::source));
            append.setArray(25, texts(connection, rows, StoredRecord::patientId));
            append.setArray(26, texts(connection, rows, StoredRecord::inputDigests));
            append.setArray(27, texts(connection, rows, StoredRecord::outputDigests));
            append.setArray(28, texts(connection, rows, StoredRecord::detail));
            append.setArray(29, texts(connection, rows, StoredRecord::previousHash));
            append.setArray(30, texts(connection, rows, StoredRecord::hash));
            int inserted = append.executeUpdate();
            if (inserted == 0) {
                return null;
            }
            if (inserted != rows.size()) {
                throw new SQLException("audit append inserted " + inserted + " of " + rows.size() + " records");
            }
        }
        return new Appended(sealing.records(), sealing.head());
    }

    private static final String APPEND_AT_ONCE = "with head as (update audit_stream set last_sequence = ?,"
            + " last_hash = ? where stream = ? and last_sequence = ? and last_hash = ? returning stream),"
            + " checkpoint as (insert into audit_checkpoint (stream, sequence, record_hash, key_id, signature,"
            + " signed_at) select c.stream, c.sequence, c.record_hash, c.key_id, c.signature,"
            + " c.signed_at::timestamptz from unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[]) as c (stream, sequence, record_hash, key_id, signature, signed_at)"
            + " where exists (select 1 from head))"
            + " insert into audit_record (" + StoredRecord.COLUMNS + ") select r.stream, r.sequence,"
            + " r.recorded_at::timestamptz, r.actor_kind, r.actor_id, r.actor_role, r.model_version,"
            + " r.weights_digest, r.action, r.targets, r.outcome, r.outcome_text, r.source, r.patient_id,"
            + " r.input_digests, r.output_digests, r.detail, r.previous_hash, r.hash from unnest(?::text[],"
            + " ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " as r (" + StoredRecord.COLUMNS + ") where exists (select 1 from head)";

    private static java.sql.Array texts(Connection connection, List<StoredRecord> rows,
            java.util.function.Function<StoredRecord, String> column) throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(column).toArray());
    }

    /** What {@link #append} wrote. */
    record Appended(List<SealedRecord> records, Head head) {
    }

    private Head lockHead(Connection connection, String stream) throws SQLException {
        Head head = readHead(connection, stream, true);
        if (head == null) {
            openStream(connection, stream);
            head = readHead(connection, stream, true);
        }
        return head;
    }

    private static Head readHead(Connection connection, String stream, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select last_sequence, last_hash,"
                + " checkpoint_interval from audit_stream where stream = ?" + (lock ? " for update" : ""))) {
            select.setString(1, stream);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Head(row.getLong(1), row.getString(2), row.getInt(3)) : null;
            }
        }
    }

    private static boolean advance(Connection connection, String stream, Head from, Head to) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update audit_stream set last_sequence = ?,"
                + " last_hash = ? where stream = ? and last_sequence = ? and last_hash = ?")) {
            update.setLong(1, to.sequence());
            update.setString(2, to.hash());
            update.setString(3, stream);
            update.setLong(4, from.sequence());
            update.setString(5, from.hash());
            return update.executeUpdate() == 1;
        }
    }

    private static Sealing seal(String stream, Head head, List<AuditEvent> events) {
        var hasher = new AuditChain.Hasher();
        var records = new ArrayList<SealedRecord>(events.size());
        var rows = new ArrayList<StoredRecord>(events.size());
        long sequence = head.sequence();
        String previous = head.hash();
        for (AuditEvent event : events) {
            sequence++;
            StoredRecord row = StoredRecord.of(stream, sequence, event, previous, null);
            String hash = hasher.hash(row);
            rows.add(row.withHash(hash));
            records.add(new SealedRecord(stream, sequence, event, previous, hash));
            previous = hash;
        }
        return new Sealing(records, rows, new Head(sequence, previous, head.checkpointInterval()));
    }

    private void insert(Connection connection, List<StoredRecord> rows, int interval) throws SQLException {
        insertRows(connection, "audit_record", rows);
        List<StoredRecord> checkpointed = rows.stream().filter(row -> row.sequence() % interval == 0).toList();
        if (checkpointed.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_checkpoint (stream, sequence,"
                + " record_hash, key_id, signature, signed_at) values (?, ?, ?, ?, ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (StoredRecord row : checkpointed) {
                insert.setString(1, row.stream());
                insert.setLong(2, row.sequence());
                insert.setString(3, row.hash());
                insert.setString(4, key.keyId());
                insert.setString(5, key.signCheckpoint(row.stream(), row.sequence(), row.hash()));
                insert.setObject(6, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertRows(Connection connection, String table, List<StoredRecord> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + table + " ("
                + StoredRecord.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StoredRecord row : rows) {
                insert.setString(1, row.stream());
                insert.setLong(2, row.sequence());
                insert.setObject(3, OffsetDateTime.ofInstant(row.recordedAt(), ZoneOffset.UTC));
                insert.setString(4, row.actorKind());
                insert.setString(5, row.actorId());
                insert.setString(6, row.actorRole());
                insert.setString(7, row.modelVersion());
                insert.setString(8, row.weightsDigest());
                insert.setString(9, row.action());
                insert.setString(10, row.targets());
                insert.setString(11, row.outcome());
                insert.setString(12, row.outcomeText());
                insert.setString(13, row.source());
                insert.setString(14, row.patientId());
                insert.setString(15, row.inputDigests());
                insert.setString(16, row.outputDigests());
                insert.setString(17, row.detail());
                insert.setString(18, row.previousHash());
                insert.setString(19, row.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Inserts events as rows shaped like audit records into {@code scratchTable}, with no chain, no head and
     * no checkpoint: the peer that sealed appends are measured against in benchmarks. Never the audit trail.
     */
    public static void insertUnchained(Connection connection, String scratchTable, String stream, long firstSequence,
            List<AuditEvent> events) throws SQLException {
        if (scratchTable.equalsIgnoreCase("audit_record") || !scratchTable.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a scratch table: " + scratchTable);
        }
        var rows = new ArrayList<StoredRecord>(events.size());
        long sequence = firstSequence;
        for (AuditEvent event : events) {
            rows.add(StoredRecord.of(stream, sequence++, event, AuditChain.GENESIS, AuditChain.GENESIS));
        }
        insertRows(connection, scratchTable, rows);
    }

    /** Verifies every stream of the trail, reading it in the connection's transaction. */
    public TrailVerification verify(Connection connection) throws SQLException {
        var results = new ArrayList<ChainVerification>();
        for (String stream : streams(connection)) {
            results.add(verify(connection, stream));
        }
        return new TrailVerification(results);
    }

    /**
     * Verifies one stream end to end: every link, every record's hash, every signed checkpoint, and that
     * the chain ends where the stream's head says. Names the first broken record. Rows are streamed with a
     * cursor, so the trail's length costs time, not memory, and hashed on every core while later rows are read.
     */
    public ChainVerification verify(Connection connection, String stream) throws SQLException {
        Map<Long, Checkpoint> checkpoints = checkpoints(connection, stream);
        Head head = readHead(connection, stream, false);
        int interval = head == null ? checkpointInterval : head.checkpointInterval();

        AuditChain chain = AuditChain.follow(stream);
        long[] validCheckpoints = {0};
        try (var hashing = new RecordHashing((row, recomputedHash) -> {
            if (!chain.accept(row, recomputedHash)) {
                return false;
            }
            if (row.sequence() % interval == 0) {
                String problem = checkpointProblem(checkpoints.get(row.sequence()), row);
                if (problem != null) {
                    chain.breakAt(row.sequence(), problem);
                    return false;
                }
                validCheckpoints[0]++;
            }
            return true;
        })) {
            scan(connection, stream, hashing::add);
            hashing.finish();
        }
        if (chain.intact()) {
            if (head == null) {
                chain.breakAt(chain.lastSequence() + 1, "the stream's head is missing");
            } else if (head.sequence() != chain.lastSequence() || !head.hash().equals(chain.lastHash())) {
                chain.breakAt(Math.min(head.sequence(), chain.lastSequence()) + 1, "the chain ends at #"
                        + chain.lastSequence() + " but the stream's head records #" + head.sequence()
                        + " (records missing at the end, or the head was altered)");
            } else {
                long stray = checkpoints.keySet().stream().filter(sequence -> sequence > chain.lastSequence()
                        || sequence % interval != 0).count();
                if (stray > 0) {
                    chain.breakAt(chain.lastSequence() + 1, stray + " checkpoint(s) do not match any record");
                }
            }
        }
        return chain.result(validCheckpoints[0]);
    }

    /** A signed checkpoint as stored. */
    private record Checkpoint(String recordHash, String keyId, String signature) {
    }

    private static Map<Long, Checkpoint> checkpoints(Connection connection, String stream) throws SQLException {
        var checkpoints = new HashMap<Long, Checkpoint>();
        try (PreparedStatement select = connection.prepareStatement("select sequence, record_hash, key_id, signature"
                + " from audit_checkpoint where stream = ?")) {
            select.setString(1, stream);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    checkpoints.put(row.getLong(1), new Checkpoint(row.getString(2), row.getString(3),
                            row.getString(4)));
                }
            }
        }
        return checkpoints;
    }

    private String checkpointProblem(Checkpoint checkpoint, StoredRecord record) {
        if (checkpoint == null) {
            return "the signed checkpoint at this record is missing";
        }
        if (!checkpoint.keyId().equals(key.keyId())) {
            return "checkpoint signed with key " + checkpoint.keyId() + ", not the configured key " + key.keyId();
        }
        if (!checkpoint.recordHash().equals(record.hash())
                || !key.verifiesCheckpoint(record.stream(), record.sequence(), record.hash(), checkpoint.signature())) {
            return "the signed checkpoint does not match this record";
        }
        return null;
    }

    /** The record at {@code sequence} of {@code stream}, if there is one. */
    public Optional<SealedRecord> get(EntityManager em, String stream, long sequence) {
        return em.createQuery("select r from AuditRecordEntity r where r.stream = :stream and r.sequence = :sequence",
                        AuditRecordEntity.class)
                .setParameter("stream", stream).setParameter("sequence", sequence)
                .setHint("org.hibernate.readOnly", true).getResultStream().findFirst()
                .map(AuditRecordEntity::toRecord);
    }

    /** One page of records matching the query, newest first. */
    public List<SealedRecord> find(EntityManager em, AuditQuery query) {
        var where = new StringBuilder("where 1 = 1");
        var parameters = new HashMap<String, Object>();
        criterion(where, parameters, "r.patientId = :patient", "patient", blankToNull(query.patientId()));
        criterion(where, parameters, "r.actorId = :actor", "actor", blankToNull(query.actorId()));
        criterion(where, parameters, "r.action = :action", "action", blankToNull(query.action()));
        criterion(where, parameters, "r.recordedAt >= :from", "from", query.from());
        criterion(where, parameters, "r.recordedAt < :to", "to", query.to());
        TypedQuery<AuditRecordEntity> select = em.createQuery("select r from AuditRecordEntity r " + where
                + " order by r.recordedAt desc, r.stream, r.sequence desc", AuditRecordEntity.class);
        parameters.forEach(select::setParameter);
        return select.setFirstResult(query.page() * query.size()).setMaxResults(query.size())
                .setHint("org.hibernate.readOnly", true).getResultList().stream()
                .map(AuditRecordEntity::toRecord).toList();
    }

    /** Feeds every record, stream by stream in chain order, to {@code sink}; returns how many. */
    public long forEach(Connection connection, Consumer<SealedRecord> sink) throws SQLException {
        long count = 0;
        for (String stream : streams(connection)) {
            count += scan(connection, stream, row -> {
                sink.accept(row.toRecord());
                return true;
            });
        }
        return count;
    }

    /** Reads every row without checking anything: the peer that verification is measured against. */
    public long readAll(Connection connection) throws SQLException {
        long count = 0;
        for (String stream : streams(connection)) {
            count += scan(connection, stream, row -> row.hash() != null);
        }
        return count;
    }

    /** Every stream with a head or a record (a record whose head was removed is still verified). */
    private static TreeSet<String> streams(Connection connection) throws SQLException {
        var streams = new TreeSet<String>();
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("select stream from audit_stream"
                        + " union select distinct stream from audit_record")) {
            while (row.next()) {
                streams.add(row.getString(1));
            }
        }
        return streams;
    }

    /** Takes one row and says whether to go on. */
    @FunctionalInterface
    private interface RowSink {
        boolean accept(StoredRecord row);
    }

    /** Streams a stream's rows in chain order through a cursor; returns how many the sink took. */
    private static long scan(Connection connection, String stream, RowSink sink) throws SQLException {
        long count = 0;
        try (PreparedStatement select = connection.prepareStatement("select " + StoredRecord.COLUMNS
                + " from audit_record where stream = ? order by sequence")) {
            select.setFetchSize(FETCH);
            select.setString(1, stream);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    count++;
                    if (!sink.accept(StoredRecord.read(rows))) {
                        break;
                    }
                }
            }
        }
        return count;
    }

    private static void criterion(StringBuilder where, Map<String, Object> parameters, String condition,
            String name, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            parameters.put(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
