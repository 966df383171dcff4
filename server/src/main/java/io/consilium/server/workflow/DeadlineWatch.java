package io.consilium.server.workflow;

import io.consilium.server.jobs.JobWorkers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** On instances that run jobs: closes the review of results whose deadline passed, per the configured fallback. */
@ApplicationScoped
class DeadlineWatch {

    private static final Logger LOG = Logger.getLogger(DeadlineWatch.class);

    private final ReviewService review;
    private final ReviewConfig config;
    private final JobWorkers workers;
    private ScheduledExecutorService timer;

    DeadlineWatch(ReviewService review, ReviewConfig config, JobWorkers workers) {
        this.review = review;
        this.config = config;
        this.workers = workers;
    }

    void start(@Observes StartupEvent event) {
        if (!workers.runsJobs()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "review-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.deadlineCheck().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                int closed = review.expireOverdue(Instant.now());
                if (closed > 0) {
                    LOG.infof("review deadline passed for %d result(s): fallback '%s' applied", closed,
                            config.fallback());
                    workers.nudge();
                }
            } catch (RuntimeException e) {
                LOG.warnf("review deadlines not checked: %s", e.getMessage());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
