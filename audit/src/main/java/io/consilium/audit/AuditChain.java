package io.consilium.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

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
                new Hasher().hash(stream, sequence, event, previousHash));
    }

    /** Checks a whole chain in order and names the first record that does not fit. */
    public static ChainVerification verify(String stream, Iterable<SealedRecord> records) {
        AuditChain chain = follow(stream);
        for (SealedRecord record : records) {
            if (!chain.accept(record)) {
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
    boolean accept(SealedRecord record) {
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
        } else if (!hasher.hash(stream, record.sequence(), record.event(), record.previousHash())
                .equals(record.hash())) {
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

    /** Length-prefixed canonical encoding: no two different records encode to the same bytes. */
    private static final class Hasher {
        private final MessageDigest sha256 = sha256();
        private final ByteArrayOutputStream canonical = new ByteArrayOutputStream(512);

        String hash(String stream, long sequence, AuditEvent event, String previousHash) {
            canonical.reset();
            field(stream);
            field(Long.toString(sequence));
            field(previousHash);
            field(event.recordedAt().toString());
            Actor actor = event.actor();
            field(actor.kind().name());
            field(actor.id());
            field(actor.role());
            field(actor.modelVersion());
            field(actor.weightsDigest());
            field(event.action());
            field(String.join("\n", event.targets()));
            field(event.outcome().name());
            field(event.outcomeText());
            field(event.source());
            field(event.patientId());
            field(digests(event.inputDigests()));
            field(digests(event.outputDigests()));
            field(event.detail());
            return HexFormat.of().formatHex(sha256.digest(canonical.toByteArray()));
        }

        private void field(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            canonical.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            canonical.write(':');
            canonical.writeBytes(bytes);
        }
    }

    static String digests(Map<String, String> digests) {
        var text = new StringBuilder();
        digests.forEach((name, digest) -> text.append(name).append('=').append(digest).append('\n'));
        return text.toString();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
