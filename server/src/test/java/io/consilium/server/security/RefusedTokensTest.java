package io.consilium.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusedTokensTest {

    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final RefusedTokens refused = new RefusedTokens(now::get);

    @Test
    void aFloodGivesOneWarningAMinuteWithItsCount() {
        assertThat(refused.refused("10.0.0.7")).hasValueSatisfying(w -> assertThat(w).startsWith("1 bearer token(s)")
                .contains("latest from 10.0.0.7"));
        for (int i = 0; i < 999; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(refused.refused("10.0.0.8")).isEmpty();
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        assertThat(refused.refused("10.0.0.9")).hasValueSatisfying(w -> assertThat(w)
                .startsWith("1000 bearer token(s) refused since the last warning").contains("latest from 10.0.0.9"));
        assertThat(refused.refused("10.0.0.9")).isEmpty();
    }
}
