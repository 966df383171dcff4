package io.consilium.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The audit trail in the database, through plain Jakarta Persistence. Every method works inside the
 * caller's transaction on the given entity manager. There is no method that changes or removes a record.
 */
public final class AuditLedger {

    private static final int PAGE = 10_000;

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

    /** Creates the stream's head if it does not exist yet; a concurrent creation makes this transaction fail. */
    public void openStream(EntityManager em, String stream) {
        if (stream == null || stream.isBlank() || stream.length() > 64) {
            throw new IllegalArgumentException("an audit stream needs a name of 1 to 64 characters");
        }
        if (em.find(AuditStreamHead.class, stream) == null) {
            var head = new AuditStreamHead();
            head.stream = stream;
            head.lastSequence = 0;
            head.lastHash = AuditChain.GENESIS;
            head.checkpointInterval = checkpointInterval;
            em.persist(head);
            em.flush();
        }
    }

    public boolean streamExists(EntityManager em, String stream) {
        return em.find(AuditStreamHead.class, stream) != null;
    }

    /**
     * Appends events to an opened stream, in order, under a lock on the stream's head, and signs a
     * checkpoint at every interval crossed.
     */
    public List<SealedRecord> append(EntityManager em, String stream, List<AuditEvent> events) {
        AuditStreamHead head = em.find(AuditStreamHead.class, stream, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            throw new IllegalStateException("audit stream '" + stream + "' has not been opened");
        }
        var sealed = new ArrayList<SealedRecord>(events.size());
        for (AuditEvent event : events) {
            SealedRecord record = AuditChain.seal(stream, head.lastSequence + 1, event, head.lastHash);
            em.persist(AuditRecordEntity.of(record));
            head.lastSequence = record.sequence();
            head.lastHash = record.hash();
            if (record.sequence() % head.checkpointInterval == 0) {
                em.persist(checkpoint(record));
            }
            sealed.add(record);
        }
        em.flush();
        return sealed;
    }

    /** Verifies every stream of the trail. */
    public TrailVerification verify(EntityManager em) {
        var streams = new TreeSet<>(em.createQuery("select h.stream from AuditStreamHead h", String.class)
                .getResultList());
        streams.addAll(em.createQuery("select distinct r.stream from AuditRecordEntity r", String.class)
                .getResultList());
        return new TrailVerification(streams.stream().map(stream -> verify(em, stream)).toList());
    }

    /**
     * Verifies one stream end to end: every link, every record's hash, every signed checkpoint, and that
     * the chain ends where the stream's head says. Names the first broken record.
     */
    public ChainVerification verify(EntityManager em, String stream) {
        Map<Long, AuditCheckpointEntity> checkpoints = new HashMap<>();
        em.createQuery("select c from AuditCheckpointEntity c where c.stream = :stream",
                AuditCheckpointEntity.class).setParameter("stream", stream).getResultList()
                .forEach(checkpoint -> checkpoints.put(checkpoint.sequence, checkpoint));
        AuditStreamHead head = em.find(AuditStreamHead.class, stream);
        int interval = head == null ? checkpointInterval : head.checkpointInterval;
        em.clear();

        AuditChain chain = AuditChain.follow(stream);
        long validCheckpoints = 0;
        long after = 0;
        boolean more = true;
        while (more && chain.intact()) {
            List<AuditRecordEntity> page = em.createQuery("select r from AuditRecordEntity r where r.stream = :stream"
                    + " and r.sequence > :after order by r.sequence", AuditRecordEntity.class)
                    .setParameter("stream", stream).setParameter("after", after)
                    .setHint("org.hibernate.readOnly", true).setMaxResults(PAGE).getResultList();
            em.clear();
            for (AuditRecordEntity row : page) {
                SealedRecord record = row.toRecord();
                if (!chain.accept(record)) {
                    break;
                }
                if (record.sequence() % interval == 0) {
                    String problem = checkpointProblem(checkpoints.get(record.sequence()), record);
                    if (problem != null) {
                        chain.breakAt(record.sequence(), problem);
                        break;
                    }
                    validCheckpoints++;
                }
                after = record.sequence();
            }
            more = page.size() == PAGE;
        }
        if (chain.intact()) {
            if (head == null) {
                chain.breakAt(chain.lastSequence() + 1, "the stream's head is missing");
            } else if (head.lastSequence != chain.lastSequence() || !head.lastHash.equals(chain.lastHash())) {
                chain.breakAt(Math.min(head.lastSequence, chain.lastSequence()) + 1, "the chain ends at #"
                        + chain.lastSequence() + " but the stream's head records #" + head.lastSequence
                        + " (records missing at the end, or the head was altered)");
            } else {
                long stray = checkpoints.keySet().stream().filter(sequence -> sequence > chain.lastSequence()
                        || sequence % interval != 0).count();
                if (stray > 0) {
                    chain.breakAt(chain.lastSequence() + 1, stray + " checkpoint(s) do not match any record");
                }
            }
        }
        return chain.result(validCheckpoints);
    }

    private String checkpointProblem(AuditCheckpointEntity checkpoint, SealedRecord record) {
        if (checkpoint == null) {
            return "the signed checkpoint at this record is missing";
        }
        if (!checkpoint.keyId.equals(key.keyId())) {
            return "checkpoint signed with key " + checkpoint.keyId + ", not the configured key " + key.keyId();
        }
        if (!checkpoint.recordHash.equals(record.hash())
                || !key.verifiesCheckpoint(record.stream(), record.sequence(), record.hash(), checkpoint.signature)) {
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
    public long forEach(EntityManager em, Consumer<SealedRecord> sink) {
        long count = 0;
        for (String stream : em.createQuery("select distinct r.stream from AuditRecordEntity r order by r.stream",
                String.class).getResultList()) {
            long after = 0;
            List<AuditRecordEntity> page;
            do {
                page = em.createQuery("select r from AuditRecordEntity r where r.stream = :stream"
                        + " and r.sequence > :after order by r.sequence", AuditRecordEntity.class)
                        .setParameter("stream", stream).setParameter("after", after)
                        .setHint("org.hibernate.readOnly", true).setMaxResults(PAGE).getResultList();
                em.clear();
                for (AuditRecordEntity row : page) {
                    sink.accept(row.toRecord());
                    after = row.sequence;
                    count++;
                }
            } while (page.size() == PAGE);
        }
        return count;
    }

    private AuditCheckpointEntity checkpoint(SealedRecord record) {
        var checkpoint = new AuditCheckpointEntity();
        checkpoint.stream = record.stream();
        checkpoint.sequence = record.sequence();
        checkpoint.recordHash = record.hash();
        checkpoint.keyId = key.keyId();
        checkpoint.signature = key.signCheckpoint(record.stream(), record.sequence(), record.hash());
        checkpoint.signedAt = Instant.now();
        return checkpoint;
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
