package io.consilium.audit;

/**
 * The verdict on a chain: intact with its record count, or broken at the first bad record.
 *
 * @param verifiedRecords records checked and found good before the first break
 * @param firstBrokenSequence sequence number of the first bad record, or -1 when intact
 */
public record ChainVerification(boolean intact, long verifiedRecords, long firstBrokenSequence, String reason) {

    static ChainVerification intact(long count) {
        return new ChainVerification(true, count, -1, "");
    }

    static ChainVerification broken(long verified, long sequence, String reason) {
        return new ChainVerification(false, verified, sequence, reason);
    }
}
