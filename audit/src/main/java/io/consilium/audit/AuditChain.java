package io.consilium.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain that makes the audit trail tamper-evident: each record's SHA-256 covers its own fields
 * and the previous record's hash, so altering, removing or reordering any record breaks every link after it.
 */
public final class AuditChain {

    /** The "previous hash" of the first record of a chain. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Places an event after the record whose hash is {@code previousHash}. */
    public static SealedRecord seal(long sequence, AuditEvent event, String previousHash) {
        return new SealedRecord(sequence, event, previousHash, hash(sequence, event, previousHash));
    }

    /** Checks a whole chain in order and names the first record that does not fit. */
    public static ChainVerification verify(Iterable<SealedRecord> records) {
        String expectedPrevious = GENESIS;
        long expectedSequence = 1;
        long count = 0;
        for (SealedRecord record : records) {
            if (record.sequence() != expectedSequence) {
                return ChainVerification.broken(count, record.sequence(),
                        "sequence " + record.sequence() + " where " + expectedSequence + " was expected");
            }
            if (!record.previousHash().equals(expectedPrevious)) {
                return ChainVerification.broken(count, record.sequence(),
                        "previous-hash link does not match the record before it");
            }
            if (!hash(record.sequence(), record.event(), record.previousHash()).equals(record.hash())) {
                return ChainVerification.broken(count, record.sequence(), "content does not match its hash");
            }
            expectedPrevious = record.hash();
            expectedSequence++;
            count++;
        }
        return ChainVerification.intact(count);
    }

    private static String hash(long sequence, AuditEvent event, String previousHash) {
        // Length-prefixed fields: no two different records can encode to the same bytes.
        var canonical = new ByteArrayOutputStream();
        field(canonical, Long.toString(sequence));
        field(canonical, previousHash);
        field(canonical, event.recordedAt().toString());
        field(canonical, event.actor());
        field(canonical, event.action());
        field(canonical, event.resource());
        field(canonical, event.outcome());
        field(canonical, event.detail());
        return HexFormat.of().formatHex(sha256().digest(canonical.toByteArray()));
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
