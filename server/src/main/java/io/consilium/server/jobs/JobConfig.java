package io.consilium.server.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The job queue's settings ({@code consilium.jobs.*}). */
@ConfigMapping(prefix = "consilium.jobs")
public interface JobConfig {

    /** Worker threads per JVM (when {@code consilium.role} is {@code all} or {@code worker}). */
    @WithDefault("1")
    int workers();

    /** How often an idle worker looks for work (other instances' jobs are seen at this pace). */
    @WithDefault("PT0.5S")
    Duration pollInterval();

    /** A claimed job is held this long; a running worker renews it every third of it. */
    @WithDefault("PT60S")
    Duration lease();

    /** Attempts before a job that keeps failing (or whose worker keeps dying) is FAILED. */
    @WithDefault("3")
    int maxAttempts();

    /** Wait before the first retry; doubled for every further one. */
    @WithDefault("PT5S")
    Duration backoff();
}
