package io.consilium.server.retrieval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Study retrievals ({@code consilium.retrieval.*}): retry policy and the pull rule. */
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

    /** The pull rule: which new studies on the PACS are retrieved without anyone asking. */
    PullRule pull();

    /** {@code consilium.retrieval.pull.*}. */
    interface PullRule {

        /** Off by default: a hospital decides which studies leave its PACS. */
        @WithDefault("false")
        boolean enabled();

        /** Time between two C-FIND queries of the PACS. */
        @WithDefault("5m")
        Duration interval();

        /** A study is pulled when one of these is among its Modalities in Study. */
        @WithDefault("CT")
        List<String> modalities();

        /** Studies dated today or up to this many days back. */
        @WithDefault("1")
        int lookbackDays();
    }
}
