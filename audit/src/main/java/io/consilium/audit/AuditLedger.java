package io.consilium.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.hibernate.LockMode;
import org.hibernate.StatelessSession;

/**
 * The audit trail in the database. Appending goes through Hibernate ORM on a stateless session (the entities
 * {@code AuditRecordEntity}, {@code AuditCheckpointEntity}, {@code AuditStreamEntity}: per batch one HQL
 * compare-and-set of the stream's head and one JDBC batch of inserts); queries run through Jakarta Persistence
 * on the same entities. Verification and the full export stream the stored rows through a plain JDBC cursor on
 * the session's connection: they read a million rows, hash the text of every column exactly as stored and
 * build no entity. Every method works inside the caller's transaction. There is no method that changes or
 * removes a record.
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
     * Creates the stream's head, with this ledger's checkpoint interval, unless it exists: when two processes
     * create it at the same moment, the first one's head stands and the other's insert does nothing.
     */
    public void openStream(StatelessSession session, String stream) {
        if (stream == null || stream.isBlank() || stream.length() > 64) {
            throw new IllegalArgumentException("an audit stream needs a name of 1 to 64 characters");
        }
        session.createMutationQuery("insert into AuditStreamEntity (stream, lastSequence, lastHash,"
                        + " checkpointInterval) values (:stream, 0, :genesis, :interval) on conflict do nothing")
                .setParameter("stream", stream).setParameter("genesis", AuditChain.GENESIS)
                .setParameter("interval", checkpointInterval).executeUpdate();
    }

    /** The end of a stream's chain: the next record gets {@code sequence + 1} and links to {@code hash}. */
    record Head(long sequence, String hash, int checkpointInterval) {
    }

    /** Events sealed onto a head: the records as callers see them, as rows, and the head after them. */
    private record Sealing(List<SealedRecord> records, List<StoredRecord> rows, Head head) {
    }

    /**
     * Appends events to a stream, in order, in the session's transaction, and signs a checkpoint at every
     * interval crossed. {@code known} is the head as this process last committed it (null when not known):
     * the records are sealed onto it and the head moves only if it is still there (an HQL compare-and-set),
     * so the usual append costs one update and one JDBC batch of inserts. When another process appended in
     * between, the update matches nothing: the real head is locked and the events are sealed again onto it.
     * The head's row lock serialises every writer of the stream. Nothing here updates or deletes a record.
     *
     * @return the sealed records and the stream's new head
     */
    Appended append(StatelessSession session, String stream, Head known, List<AuditEvent> events) {
        Head head = known != null ? known : lockHead(session, stream);
        Sealing sealing = seal(stream, head, events);
        if (!advance(session, stream, head, sealing.head())) {
            head = lockHead(session, stream);
            sealing = seal(stream, head, events);
            if (!advance(session, stream, head, sealing.head())) {
                throw new IllegalStateException("the head of audit stream '" + stream + "' changed while locked");
            }
        }
        insert(session, sealing.rows(), head.checkpointInterval());
        return new Appended(sealing.records(), sealing.head());
    }

    /** What {@link #append} wrote. */
    record Appended(List<SealedRecord> records, Head head) {
    }

    private Head lockHead(StatelessSession session, String stream) {
        AuditStreamEntity head = session.get(AuditStreamEntity.class, stream, LockMode.PESSIMISTIC_WRITE);
        if (head == null) {
            openStream(session, stream);
            head = session.get(AuditStreamEntity.class, stream, LockMode.PESSIMISTIC_WRITE);
        }
        return head.head();
    }

    private static boolean advance(StatelessSession session, String stream, Head from, Head to) {
        return session.createMutationQuery("update AuditStreamEntity s set s.lastSequence = :to, s.lastHash = :toHash"
                        + " where s.stream = :stream and s.lastSequence = :from and s.lastHash = :fromHash")
                .setParameter("to", to.sequence()).setParameter("toHash", to.hash()).setParameter("stream", stream)
                .setParameter("from", from.sequence()).setParameter("fromHash", from.hash()).executeUpdate() == 1;
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

    /** The records, then their checkpoints, each as one JDBC batch (the driver may send it as one multi-row insert). */
    private void insert(StatelessSession session, List<StoredRecord> rows, int interval) {
        session.insertMultiple(rows.stream().map(AuditRecordEntity::new).toList());
        Instant signedAt = Instant.now();
        List<AuditCheckpointEntity> checkpoints = rows.stream().filter(row -> row.sequence() % interval == 0)
                .map(row -> new AuditCheckpointEntity(row, key.keyId(),
                        key.signCheckpoint(row.stream(), row.sequence(), row.hash()), signedAt))
                .toList();
        if (!checkpoints.isEmpty()) {
            session.insertMultiple(checkpoints);
        }
    }

    /**
     * Inserts events as rows shaped like audit records into {@code scratchTable} with plain JDBC, with no chain,
     * no head, no checkpoint and no Hibernate: the peer that sealed appends are measured against in benchmarks.
     * Never the audit trail.
     */
    public static void insertUnchained(Connection connection, String scratchTable, String stream, long firstSequence,
            List<AuditEvent> events) throws SQLException {
        if (scratchTable.equalsIgnoreCase("audit_record") || !scratchTable.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a scratch table: " + scratchTable);
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into " + scratchTable + " ("
                + StoredRecord.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long sequence = firstSequence;
            for (AuditEvent event : events) {
                StoredRecord row = StoredRecord.of(stream, sequence++, event, AuditChain.GENESIS, AuditChain.GENESIS);
                insert.setString(1, row.stream());
                insert.setLong(2, row.sequence());
                row.bindEvent(insert, 3);
                insert.setString(18, row.previousHash());
                insert.setString(19, row.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
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
        Head head = storedHead(connection, stream);
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

    /** The stream's head exactly as stored, or null. */
    private static Head storedHead(Connection connection, String stream) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select last_sequence, last_hash,"
                + " checkpoint_interval from audit_stream where stream = ?")) {
            select.setString(1, stream);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Head(row.getLong(1), row.getString(2), row.getInt(3)) : null;
            }
        }
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
