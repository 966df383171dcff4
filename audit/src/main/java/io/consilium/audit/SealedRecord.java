package io.consilium.audit;

/**
 * An audit event at its place in its stream's chain: its sequence number, the hash of the record before it
 * and its own hash, which covers all of that.
 */
public record SealedRecord(String stream, long sequence, AuditEvent event, String previousHash, String hash) {
}
