package io.consilium.audit;

/**
 * The verdict on one stream's chain: intact with its record count, or broken at the first bad record.
 *
 * @param stream              the chain's stream
 * @param verifiedRecords     records checked and found good before the first break
 * @param verifiedCheckpoints signed checkpoints whose signature and hash matched
 * @param firstBrokenSequence sequence number of the first bad record, or -1 when intact
 * @param reason              what is wrong there; empty when intact
 */
public record ChainVerification(String stream, boolean intact, long verifiedRecords, long verifiedCheckpoints,
        long firstBrokenSequence, String reason) {

    static ChainVerification intact(String stream, long count, long checkpoints) {
        return new ChainVerification(stream, true, count, checkpoints, -1, "");
    }

    static ChainVerification broken(String stream, long verified, long checkpoints, long sequence, String reason) {
        return new ChainVerification(stream, false, verified, checkpoints, sequence, reason);
    }

    /** One line for people: the count when intact, the first broken record otherwise. */
    public String summary() {
        return intact
                ? "stream '" + stream + "': " + verifiedRecords + " records intact, " + verifiedCheckpoints
                        + " signed checkpoints valid"
                : "stream '" + stream + "': BROKEN at record #" + firstBrokenSequence + ": " + reason + " ("
                        + verifiedRecords + " records before it verified)";
    }
}
