package io.consilium.server.jobs;

import io.consilium.server.platform.ConsiliumConfig;
import io.consilium.server.platform.InstanceRole;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * This JVM's job workers: started when {@code consilium.role} is {@code all} (the default) or {@code worker};
 * an {@code api} instance only enqueues. Each worker claims one job at a time, renews its lease while the job
 * runs and records success or failure. Also publishes the queue depth as {@code consilium_job_queue_depth}.
 */
@ApplicationScoped
public class JobWorkers {

    private static final Logger LOG = Logger.getLogger(JobWorkers.class);
    private static final long DEPTH_REFRESH_MS = 5000;

    private final JobQueue queue;
    private final JobConfig config;
    private final InstanceRole role;
    private final Map<String, JobHandler> handlers = new HashMap<>();
    private final String workerId;
    private final AtomicLong depth = new AtomicLong();
    private final Object wakeUp = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService timer;
    private volatile boolean running;

    JobWorkers(JobQueue queue, JobConfig config, ConsiliumConfig consilium, @Any Instance<JobHandler> handlers,
            MeterRegistry registry) {
        this.queue = queue;
        this.config = config;
        this.role = consilium.role();
        handlers.forEach(h -> this.handlers.put(h.type(), h));
        this.workerId = hostname() + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        Gauge.builder("consilium.job.queue.depth", depth, AtomicLong::get)
                .description("Jobs waiting for a worker in the shared queue").register(registry);
    }

    /** Whether this JVM runs jobs. */
    public boolean runsJobs() {
        return role.runsJobs();
    }

    /** The id this JVM's workers claim jobs under (host/pid/random). */
    public String workerId() {
        return workerId;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "job-lease-timer"));
        timer.scheduleWithFixedDelay(this::refreshDepth, 0, DEPTH_REFRESH_MS, TimeUnit.MILLISECONDS);
        if (!runsJobs()) {
            LOG.infof("consilium.role=%s: this instance does not run jobs", role);
            return;
        }
        running = true;
        for (int i = 0; i < config.workers(); i++) {
            Thread thread = daemon(this::loop, "job-worker-" + i);
            threads.add(thread);
            thread.start();
        }
        LOG.infof("%d job worker(s) started as %s (handlers: %s)", config.workers(), workerId, handlers.keySet());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (!threads.isEmpty()) {
            int released = queue.release(workerId);
            if (released > 0) {
                LOG.infof("released %d running job(s) for other instances", released);
            }
        }
    }

    /** Wakes idle workers in this JVM (a job was just queued here). */
    public void nudge() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            try {
                List<Job> jobs = queue.claim(workerId, 1, handlers.keySet());
                if (jobs.isEmpty()) {
                    synchronized (wakeUp) {
                        wakeUp.wait(config.pollInterval().toMillis());
                    }
                    continue;
                }
                execute(jobs.get(0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.errorf("job worker: cannot reach the queue (%s); retrying", e.getMessage());
                sleep(config.pollInterval().toMillis() * 4);
            }
        }
    }

    /** Runs one claimed job to its recorded outcome. Visible for tests that drive a job by hand. */
    public void execute(Job job) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            queue.fail(job, "no handler for job type " + job.type() + " in this server version", true, () -> { });
            return;
        }
        if (job.attempt() > job.maxAttempts()) {
            String reason = "abandoned after " + job.maxAttempts() + " attempts whose workers stopped mid-job";
            queue.fail(job, reason, true, () -> handler.failed(job, reason));
            return;
        }
        long renewMs = Math.max(100, config.lease().toMillis() / 3);
        Run run = new Run(job, Thread.currentThread());
        ScheduledFuture<?> renewal = timer.scheduleAtFixedRate(run::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        try {
            handler.run(job);
            LOG.infof("job %d %s done in %d ms (attempt %d)", job.id(), job.type(),
                    (System.nanoTime() - started) / 1_000_000, job.attempt());
        } catch (LeaseLostException e) {
            LOG.warnf("job %d %s: %s", job.id(), job.type(), e.getMessage());
        } catch (RuntimeException | Error e) {
            boolean permanent = e instanceof JobFailure;
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            try {
                JobStatus now = queue.fail(job, reason, permanent, () -> handler.failed(job, reason));
                LOG.warnf("job %d %s attempt %d failed (%s): %s", job.id(), job.type(), job.attempt(), now, reason);
            } catch (LeaseLostException lost) {
                LOG.warnf("job %d %s failed after its lease was lost: %s", job.id(), job.type(), reason);
            }
        } finally {
            renewal.cancel(false);
            run.finish();
            Thread.interrupted();
        }
    }

    /**
     * One job in progress and its lease renewals. A renewal may still be running when the job finishes (it found
     * the row already DONE): it must then neither report a lost lease nor interrupt the worker, which has moved on
     * to its next job. A renewal that fails (database unreachable) is logged and retried at the next period; an
     * exception escaping would silently end every later renewal of the job.
     */
    private final class Run {

        private final Job job;
        private final Thread worker;
        private boolean finished;

        Run(Job job, Thread worker) {
            this.job = job;
            this.worker = worker;
        }

        void renew() {
            boolean held;
            try {
                held = queue.renew(job);
            } catch (RuntimeException e) {
                LOG.warnf("job %d: lease not renewed (%s); retrying", job.id(), e.getMessage());
                return;
            }
            synchronized (this) {
                if (!held && !finished) {
                    LOG.warnf("job %d: lease lost, stopping this run", job.id());
                    worker.interrupt();
                }
            }
        }

        synchronized void finish() {
            finished = true;
        }
    }

    private void refreshDepth() {
        try {
            depth.set(queue.depth());
        } catch (RuntimeException e) {
            LOG.debugf("queue depth not refreshed: %s", e.getMessage());
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "consilium";
        }
    }
}
