package io.consilium.server.workflow;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Volume;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.demo.SampleStudies;
import io.consilium.server.jobs.Job;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.jobs.JobStatus;
import io.consilium.server.jobs.JobWorkers;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./consilium workflow-bench}: end-to-end time from the last instance of a CT series stored in the archive
 * to its preliminary result (what the DiagnosticReport shows as preliminary), through the real queue and SEGMENT
 * job, against the bare model inference on the same volume measured in the same run. Then the rest of the study's
 * job chain on the same worker (the experts accept the AI's labels at once: review is people's time, not the
 * worker's), MERGE and SEND_RESULT: the worker time of a whole study, hence studies per hour per worker. Not a test.
 */
@Command(name = "workflow-bench", mixinStandardHelpOptions = true,
        description = "Benchmark: last instance stored -> preliminary result, against bare DeferredSeg inference.")
public class WorkflowBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--slices", defaultValue = "100", description = "Slices of the CT series (default ${DEFAULT-VALUE})")
    int slices;

    @Option(names = "--size", defaultValue = "256", description = "Rows = columns (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--runs", defaultValue = "2", description = "Runs (default ${DEFAULT-VALUE})")
    int runs;

    private final DicomArchive archive;
    private final JobQueue queue;
    private final JobWorkers workers;
    private final ResultStore results;
    private final SeriesLoader loader;
    private final RoutingRules routing;
    private final SegmentationModels models;
    private final ReviewService review;

    WorkflowBenchCommand(DicomArchive archive, JobQueue queue, JobWorkers workers, ResultStore results,
            SeriesLoader loader, RoutingRules routing, SegmentationModels models, ReviewService review) {
        this.review = review;
        this.archive = archive;
        this.queue = queue;
        this.workers = workers;
        this.results = results;
        this.loader = loader;
        this.routing = routing;
        this.models = models;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RoutingRules.Route route = routing.routes().get(0);
        out.printf(Locale.ROOT, "machine: %d cores, load average %s; CT %d slices of %dx%d; model %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), slices, size, size,
                models.identity(route).label());
        // Warm-up: the model and the JIT, as on a server that has been running.
        SampleStudies.CtSeries warm = SampleStudies.ct(System.nanoTime(), 3, size, "BENCH-WARMUP");
        models.segment(Volume.of(warm.instances()), route);
        for (int run = 1; run <= runs; run++) {
            SampleStudies.CtSeries ct = SampleStudies.ct(System.nanoTime(), slices, size, "BENCH-" + run);
            long storeStart = System.nanoTime();
            for (DicomFile instance : ct.instances()) {
                archive.store(instance, "bench");
            }
            long lastStored = System.nanoTime();
            long segmentBusy = runUntil(Set.of(SeriesArrivals.SEGMENT),
                    () -> results.resultOfSeries(ct.seriesInstanceUid()).isPresent());
            long preliminary = System.nanoTime();
            var instances = loader.instances(ct.studyInstanceUid(), ct.seriesInstanceUid());
            long peerStart = System.nanoTime();
            models.segment(loader.volume(instances), route);
            long peer = System.nanoTime() - peerStart;
            long e2e = preliminary - lastStored;
            out.printf(Locale.ROOT, "run %d: stored %d instances in %.2f s; last instance stored -> preliminary result "
                    + "%.2f s (settle %.2f s included); bare model inference (load + segment, peer) %.2f s; "
                    + "end to end / peer = %.2fx; workflow overhead without settle %.2f s%n", run, slices,
                    (lastStored - storeStart) / 1e9, e2e / 1e9, settleSeconds(), peer / 1e9, e2e / (double) peer,
                    (e2e - peer) / 1e9 - settleSeconds());

            String resultId = results.resultOfSeries(ct.seriesInstanceUid()).orElseThrow().id();
            List<Views.Task> tasks = review.tasks(null, null).stream().filter(t -> t.resultId().equals(resultId))
                    .toList();
            tasks.forEach(task -> review.complete(task.id(), task.expert()));
            long restBusy = runUntil(Set.of(ResultStore.MERGE, MergeJob.SEND_RESULT), () -> {
                for (String key : List.of("merge:" + resultId, "send:" + resultId)) {
                    queue.findByKey(key).filter(j -> j.status() == JobStatus.FAILED).ifPresent(j -> {
                        throw new IllegalStateException("job " + key + " FAILED: " + j.lastError());
                    });
                }
                return queue.findByKey("send:" + resultId).filter(j -> j.status() == JobStatus.DONE).isPresent();
            });
            double whole = (segmentBusy + restBusy) / 1e9;
            out.printf(Locale.ROOT, "run %d whole study on one worker: SEGMENT %.2f s + MERGE and SEND_RESULT %.2f s "
                    + "(%d Task(s) completed between) = %.2f s of worker time -> %.0f studies per hour per worker; "
                    + "whole / peer = %.2fx%n", run, segmentBusy / 1e9, restBusy / 1e9, tasks.size(), whole,
                    3600 / whole, whole * 1e9 / peer);
        }
        return 0;
    }

    /** Claims and runs jobs of {@code types} until {@code done}; returns the time spent running them (ns). */
    private long runUntil(Set<String> types, BooleanSupplier done) throws InterruptedException {
        long busy = 0;
        while (!done.getAsBoolean()) {
            List<Job> jobs = queue.claim(workers.workerId(), 1, types);
            if (jobs.isEmpty()) {
                Thread.sleep(20);
                continue;
            }
            long start = System.nanoTime();
            workers.execute(jobs.get(0));
            busy += System.nanoTime() - start;
        }
        return busy;
    }

    private double settleSeconds() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("consilium.routing.settle", java.time.Duration.class).toMillis() / 1000.0;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
