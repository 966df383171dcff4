package io.consilium.audit;

import java.util.List;
import java.util.Optional;

/** The verdict on the whole trail: every stream's chain. */
public record TrailVerification(List<ChainVerification> streams) {

    public TrailVerification {
        streams = List.copyOf(streams);
    }

    public boolean intact() {
        return streams.stream().allMatch(ChainVerification::intact);
    }

    public long records() {
        return streams.stream().mapToLong(ChainVerification::verifiedRecords).sum();
    }

    public Optional<ChainVerification> firstBroken() {
        return streams.stream().filter(chain -> !chain.intact()).findFirst();
    }
}
