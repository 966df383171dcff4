package io.consilium.server.security;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts refused bearer tokens and words at most one warning a minute about them: anyone can send garbage
 * tokens, and each one is in the audit trail already, so the log only needs to say that it is happening.
 */
final class RefusedTokens {

    static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanoTime;
    private long periodStart;
    private long refused;

    RefusedTokens(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.periodStart = nanoTime.getAsLong() - PERIOD_NANOS;
    }

    /** Counts one refusal; the warning to log, if one is due. */
    synchronized Optional<String> refused(String source) {
        long now = nanoTime.getAsLong();
        refused++;
        if (now - periodStart < PERIOD_NANOS) {
            return Optional.empty();
        }
        String warning = refused + " bearer token(s) refused since the last warning (latest from " + source
                + "); each is in the audit trail as access.authenticate";
        periodStart = now;
        refused = 0;
        return Optional.of(warning);
    }
}
