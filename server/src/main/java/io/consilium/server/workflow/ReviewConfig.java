package io.consilium.server.workflow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;

/** Review Tasks: who the experts are, their deadline and what happens after it ({@code consilium.review.*}). */
@ConfigMapping(prefix = "consilium.review")
public interface ReviewConfig {

    /** The people behind DeferredSeg's experts, in order: expert i is the i-th user name. */
    @WithDefault("rad1,rad2")
    List<String> experts();

    /** Time the experts have for their Tasks. */
    @WithDefault("PT24H")
    Duration deadline();

    /** When the deadline passes: {@code ai} (the AI decides the remaining pixels, recorded as such) or {@code wait}. */
    @WithDefault("ai")
    String fallback();

    /** How often overdue Tasks are looked for. */
    @WithName("deadline-check")
    @WithDefault("PT30S")
    Duration deadlineCheck();
}
