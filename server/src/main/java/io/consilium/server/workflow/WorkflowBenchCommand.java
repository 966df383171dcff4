package io.consilium.server.workflow;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Volume;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.demo.SampleStudies;
import io.consilium.server.jobs.Job;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.jobs.JobWorkers;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./consilium workflow-bench}: end-to-end time from the last instance of a CT series stored in the archive
 * to its preliminary result (what the DiagnosticReport shows as preliminary), through the real queue and SEGMENT
 * job, against the bare model inference on the same volume measured in the same run. Not a test.
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
    private final SegmentationModel model;

    WorkflowBenchCommand(DicomArchive archive, JobQueue queue, JobWorkers workers, ResultStore results,
            SeriesLoader loader, RoutingRules routing, SegmentationModel model) {
        this.archive = archive;
        this.queue = queue;
        this.workers = workers;
        this.results = results;
        this.loader = loader;
        this.routing = routing;
        this.model = model;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "machine: %d cores, load average %s; CT %d slices of %dx%d; model %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), slices, size, size, model.version());
        // Warm-up: the model and the JIT, as on a server that has been running.
        SampleStudies.CtSeries warm = SampleStudies.ct(System.nanoTime(), 3, size, "BENCH-WARMUP");
        model.segment(Volume.of(warm.instances()), routing.routes().get(0));
        for (int run = 1; run <= runs; run++) {
            SampleStudies.CtSeries ct = SampleStudies.ct(System.nanoTime(), slices, size, "BENCH-" + run);
            long storeStart = System.nanoTime();
            for (DicomFile instance : ct.instances()) {
                archive.store(instance, "bench");
            }
            long lastStored = System.nanoTime();
            while (results.resultOfSeries(ct.seriesInstanceUid()).isEmpty()) {
                List<Job> jobs = queue.claim(workers.workerId(), 1, Set.of(SeriesArrivals.SEGMENT));
                if (jobs.isEmpty()) {
                    Thread.sleep(20);
                } else {
                    workers.execute(jobs.get(0));
                }
            }
            long preliminary = System.nanoTime();
            var instances = loader.instances(ct.studyInstanceUid(), ct.seriesInstanceUid());
            long peerStart = System.nanoTime();
            model.segment(loader.volume(instances), routing.routes().get(0));
            long peer = System.nanoTime() - peerStart;
            long e2e = preliminary - lastStored;
            out.printf(Locale.ROOT, "run %d: stored %d instances in %.2f s; last instance stored -> preliminary result "
                    + "%.2f s (settle %.2f s included); bare model inference (load + segment, peer) %.2f s; "
                    + "end to end / peer = %.2fx; workflow overhead without settle %.2f s%n", run, slices,
                    (lastStored - storeStart) / 1e9, e2e / 1e9, settleSeconds(), peer / 1e9, e2e / (double) peer,
                    (e2e - peer) / 1e9 - settleSeconds());
        }
        return 0;
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
