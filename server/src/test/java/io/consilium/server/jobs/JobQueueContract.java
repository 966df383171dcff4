package io.consilium.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The queue's guarantees, run against each database Consilium supports. */
abstract class JobQueueContract {

    @Inject
    JobQueue queue;

    @Inject
    JobConfig config;

    /** Each test uses job types of its own, so jobs other tests left in the shared database are never claimed. */
    private final String type = "T" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<String> types = Set.of(type);

    @Test
    void concurrentClaimersTakeEveryJobExactlyOnce() throws Exception {
        int jobs = 40;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(type, null, "job-" + i, Duration.ZERO);
        }
        Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> claimers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String worker = "claimer-" + w;
            claimers.add(pool.submit(() -> {
                start.await();
                int done = 0;
                List<Job> claimed;
                while (!(claimed = queue.claim(worker, 3, types)).isEmpty()) {
                    for (Job job : claimed) {
                        queue.complete(job, () -> runs.computeIfAbsent(job.id(), id -> new AtomicInteger())
                                .incrementAndGet());
                        done++;
                    }
                }
                return done;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> claimer : claimers) {
            total += claimer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(total).isEqualTo(jobs);
        assertThat(runs).hasSize(jobs);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(runs.keySet()).allSatisfy(id ->
                assertThat(queue.find(id)).hasValueSatisfying(v -> assertThat(v.status()).isEqualTo(JobStatus.DONE)));
    }

    @Test
    void aJobWhoseWorkerCrashedRunsAgainAndCommitsExactlyOnce() throws Exception {
        long id = queue.enqueue(type, null, "crash", Duration.ZERO);
        String followUp = type + "F";

        Job first = queue.claim("crashing-worker", 1, types, Duration.ofMillis(400)).get(0);
        assertThat(queue.claim("other-worker", 1, types)).as("held under a live lease").isEmpty();

        Thread.sleep(600);
        List<Job> reclaimed = queue.claim("other-worker", 1, types);
        assertThat(reclaimed).hasSize(1);
        Job second = reclaimed.get(0);
        assertThat(second.id()).isEqualTo(id);
        assertThat(second.attempt()).isEqualTo(2);
        queue.complete(second, () -> queue.enqueue(followUp, "follow:" + id + ":second", "", Duration.ZERO));

        // The first worker comes back to life and tries to commit: fenced off, its effects roll back.
        assertThatThrownBy(() -> queue.complete(first,
                () -> queue.enqueue(followUp, "follow:" + id + ":first", "", Duration.ZERO)))
                .isInstanceOf(LeaseLostException.class);
        assertThat(queue.findByKey("follow:" + id + ":second")).isPresent();
        assertThat(queue.findByKey("follow:" + id + ":first")).isEmpty();
        assertThat(queue.find(id)).hasValueSatisfying(v -> {
            assertThat(v.status()).isEqualTo(JobStatus.DONE);
            assertThat(v.attempts()).isEqualTo(2);
        });
        assertThat(queue.renew(first)).isFalse();
    }

    @Test
    void renewingWhileTheJobsOwnCompletionCommitsNeitherWaitsForNorFailsIt() throws Exception {
        long id = queue.enqueue(type, null, "slow completion", Duration.ZERO);
        Job job = queue.claim("w", 1, types).get(0);
        CountDownLatch completing = new CountDownLatch(1);
        CountDownLatch renewed = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // The completion holds the job's row until the renewal has answered (a worker's timer renews on its
            // own thread while the job commits its effects).
            Future<?> completion = pool.submit(() -> queue.complete(job, () -> {
                completing.countDown();
                awaitQuietly(renewed);
            }));
            assertThat(completing.await(30, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            boolean held = queue.renew(job);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            renewed.countDown();
            completion.get(30, TimeUnit.SECONDS);

            assertThat(held).as("the lease is still this run's while its completion commits").isTrue();
            assertThat(waitedMs).as("renewal must not queue behind the completion's row lock").isLessThan(3000);
        } finally {
            renewed.countDown();
            pool.shutdownNow();
        }
        assertThat(queue.find(id)).hasValueSatisfying(v -> {
            assertThat(v.status()).isEqualTo(JobStatus.DONE);
            assertThat(v.attempts()).isEqualTo(1);
        });
        assertThat(queue.renew(job)).as("after completion the lease is gone").isFalse();
    }

    @Test
    void aLeaseExpiringWhileItsCompletionCommitsIsNotTakenOver() throws Exception {
        long id = queue.enqueue(type, null, "completion outlives the lease", Duration.ZERO);
        Job job = queue.claim("slow", 1, types, Duration.ofMillis(300)).get(0);
        CountDownLatch completing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> completion = pool.submit(() -> queue.complete(job, () -> {
                completing.countDown();
                awaitQuietly(release);
            }));
            assertThat(completing.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500);

            assertThat(queue.claim("other", 1, types)).as("the completing run holds the row").isEmpty();
            release.countDown();
            completion.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertThat(queue.claim("other", 1, types)).as("done once, never claimed again").isEmpty();
        assertThat(queue.find(id)).hasValueSatisfying(v -> {
            assertThat(v.status()).isEqualTo(JobStatus.DONE);
            assertThat(v.attempts()).isEqualTo(1);
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFailingJobIsRetriedAfterABackoffThenFailsForGood() {
        long id = queue.enqueue(type, null, "flaky", Duration.ZERO);
        Job job = queue.claim("w", 1, types).get(0);
        Instant before = Instant.now();

        assertThat(queue.fail(job, "database hiccup", false, () -> { })).isEqualTo(JobStatus.PENDING);

        assertThat(queue.find(id)).hasValueSatisfying(v -> {
            assertThat(v.status()).isEqualTo(JobStatus.PENDING);
            assertThat(v.lastError()).isEqualTo("database hiccup");
            assertThat(v.runAfter()).isAfterOrEqualTo(before.plus(config.backoff()).minusMillis(50));
        });
        assertThat(queue.claim("w", 1, types)).as("not before its backoff").isEmpty();

        // Its last attempt failing as well: FAILED, with the callback run in the same transaction.
        long other = queue.enqueue(type, null, "flaky too", Duration.ZERO);
        Job claimed = queue.claim("w", 1, types).get(0);
        assertThat(claimed.id()).isEqualTo(other);
        Job last = new Job(other, type, claimed.payload(), claimed.maxAttempts(), claimed.maxAttempts(),
                claimed.leaseToken());
        AtomicInteger onFailed = new AtomicInteger();
        assertThat(queue.fail(last, "still broken", false, onFailed::incrementAndGet)).isEqualTo(JobStatus.FAILED);
        assertThat(onFailed).hasValue(1);
        assertThat(queue.find(other)).hasValueSatisfying(v -> {
            assertThat(v.status()).isEqualTo(JobStatus.FAILED);
            assertThat(v.lastError()).isEqualTo("still broken");
            assertThat(v.finishedAt()).isNotNull();
        });
        assertThat(queue.claim("w", 1, types)).isEmpty();
    }

    @Test
    void aPermanentErrorFailsAtOnce() {
        long id = queue.enqueue(type, null, "bad input", Duration.ZERO);
        Job job = queue.claim("w", 1, types).get(0);

        assertThat(queue.fail(job, "no routing rule", true, () -> { })).isEqualTo(JobStatus.FAILED);
        assertThat(queue.find(id)).hasValueSatisfying(v -> assertThat(v.attempts()).isEqualTo(1));
    }

    @Test
    void aKeyIsQueuedOnceAndEachArrivalPushesItsStartBack() {
        String key = "series:" + UUID.randomUUID();
        long id = queue.enqueue(type, key, "p", Duration.ofMillis(300));
        Instant firstStart = queue.find(id).orElseThrow().runAfter();

        assertThat(queue.enqueue(type, key, "p", Duration.ofSeconds(30))).isEqualTo(id);

        assertThat(queue.find(id).orElseThrow().runAfter()).isAfter(firstStart.plusSeconds(20));
        assertThat(queue.recent(null, 1000).stream().filter(v -> key.equals(v.dedupeKey()))).hasSize(1);
        assertThat(queue.claim("w", 1, types)).as("still settling").isEmpty();
    }

    @Test
    void queueDepthCountsWaitingJobs() {
        long before = queue.depth();
        queue.enqueue(type, null, "a", Duration.ZERO);
        queue.enqueue(type, null, "b", Duration.ofHours(1));

        assertThat(queue.depth()).isEqualTo(before + 2);
        queue.claim("w", 5, types);
        assertThat(queue.depth()).isEqualTo(before + 1);
    }

    @Test
    void stoppingWorkerHandsItsJobsBack() {
        long id = queue.enqueue(type, null, "x", Duration.ZERO);
        queue.claim("stopping", 1, types);

        assertThat(queue.release("stopping")).isEqualTo(1);

        List<Job> again = queue.claim("next", 1, types);
        assertThat(again).extracting(Job::id).containsExactly(id);
    }
}
