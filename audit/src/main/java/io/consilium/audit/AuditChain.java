package io.consilium.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hash chain that makes the audit trail tamper-evident: each record's SHA-256 covers its stream, its
 * sequence number, all its fields and the previous record's hash, so altering, removing or reordering any
 * record breaks every link after it.
 */
public final class AuditChain {

    /** The "previous hash" of the first record of a chain. */
    public static final String GENESIS = "0".repeat(64);

    private final String stream;
    private final Hasher hasher = new Hasher();
    private String expectedPrevious = GENESIS;
    private long expectedSequence = 1;
    private long verified;
    private ChainVerification broken;

    private AuditChain(String stream) {
        this.stream = stream;
    }

    /** Places an event after the record whose hash is {@code previousHash}. */
    public static SealedRecord seal(String stream, long sequence, AuditEvent event, String previousHash) {
        return new SealedRecord(stream, sequence, event, previousHash,
                new Hasher().hash(StoredRecord.of(stream, sequence, event, previousHash, null)));
    }

    /** Checks a whole chain in order and names the first record that does not fit. */
    public static ChainVerification verify(String stream, Iterable<SealedRecord> records) {
        AuditChain chain = follow(stream);
        for (SealedRecord record : records) {
            if (!chain.accept(StoredRecord.of(record))) {
                break;
            }
        }
        return chain.result(0);
    }

    /** A verifier fed one record at a time, for chains too long to hold in memory. */
    static AuditChain follow(String stream) {
        return new AuditChain(stream);
    }

    /** Checks the next record; false once the chain is broken (later records are not looked at). */
    boolean accept(StoredRecord record) {
        return accept(record, hasher.hash(record));
    }

    /** As {@link #accept(StoredRecord)}, with the hash of the record's content already computed. */
    boolean accept(StoredRecord record, String recomputedHash) {
        if (broken != null) {
            return false;
        }
        String problem = null;
        if (!record.stream().equals(stream)) {
            problem = "belongs to stream '" + record.stream() + "'";
        } else if (record.sequence() != expectedSequence) {
            problem = record.sequence() < expectedSequence
                    ? "sequence " + record.sequence() + " repeats or goes back (expected " + expectedSequence + ")"
                    : "record(s) #" + expectedSequence + (record.sequence() - 1 > expectedSequence
                            ? "-" + (record.sequence() - 1) : "") + " missing before #" + record.sequence();
        } else if (!record.previousHash().equals(expectedPrevious)) {
            problem = "previous-hash link does not match the record before it";
        } else if (!recomputedHash.equals(record.hash())) {
            problem = "content does not match its hash";
        }
        if (problem != null) {
            broken = ChainVerification.broken(stream, verified, 0,
                    Math.min(record.sequence(), expectedSequence), problem);
            return false;
        }
        expectedPrevious = record.hash();
        expectedSequence++;
        verified++;
        return true;
    }

    /** Marks the chain broken after the last accepted record (e.g. the tail is missing). */
    void breakAt(long sequence, String reason) {
        if (broken == null) {
            broken = ChainVerification.broken(stream, verified, 0, sequence, reason);
        }
    }

    boolean intact() {
        return broken == null;
    }

    long lastSequence() {
        return expectedSequence - 1;
    }

    String lastHash() {
        return expectedPrevious;
    }

    ChainVerification result(long checkpoints) {
        return broken != null
                ? ChainVerification.broken(stream, broken.verifiedRecords(), checkpoints,
                        broken.firstBrokenSequence(), broken.reason())
                : ChainVerification.intact(stream, verified, checkpoints);
    }

    /**
     * Length-prefixed canonical encoding, fed to SHA-256 field by field: no two different records encode to
     * the same bytes. One hasher per thread: it reuses its digest.
     */
    static final class Hasher {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final MessageDigest sha256 = sha256();
        private final byte[] prefix = new byte[12];

        /** The hash of a stored record's fields and link (its own {@code hash} is not read). */
        String hash(StoredRecord record) {
            field(record.stream());
            field(Long.toString(record.sequence()));
            field(record.previousHash());
            field(String.valueOf(record.recordedAt()));
            field(record.actorKind());
            field(record.actorId());
            field(record.actorRole());
            field(record.modelVersion());
            field(record.weightsDigest());
            field(record.action());
            field(record.targets());
            field(record.outcome());
            field(record.outcomeText());
            field(record.source());
            field(record.patientId());
            field(record.inputDigests());
            field(record.outputDigests());
            field(record.detail());
            byte[] digest = sha256.digest();
            byte[] hex = new byte[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
                hex[2 * i + 1] = HEX[digest[i] & 0xf];
            }
            return new String(hex, StandardCharsets.US_ASCII);
        }

        private void field(String value) {
            byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
            int at = prefix.length;
            prefix[--at] = ':';
            int length = bytes.length;
            do {
                prefix[--at] = (byte) ('0' + length % 10);
                length /= 10;
            } while (length > 0);
            sha256.update(prefix, at, prefix.length - at);
            sha256.update(bytes);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
