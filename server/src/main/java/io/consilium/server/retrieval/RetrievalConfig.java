package io.consilium.server.retrieval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Retry policy of study retrievals ({@code consilium.retrieval.*}). */
@ConfigMapping(prefix = "consilium.retrieval")
public interface RetrievalConfig {

    /** Attempts before a retrieval is FAILED. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed attempt; doubled after each further one. */
    @WithDefault("2s")
    Duration initialBackoff();

    @WithDefault("5m")
    Duration maxBackoff();

    /** Retrievals run at once. */
    @WithDefault("2")
    int concurrency();
}
