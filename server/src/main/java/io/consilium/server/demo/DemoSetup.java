package io.consilium.server.demo;

import io.consilium.abutment.AbutmentJson;
import io.consilium.abutment.SyntheticCases;
import io.consilium.dicom.DicomFile;
import io.consilium.server.abutment.AbutmentCases;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.jobs.JobStatus;
import io.consilium.server.workflow.ReviewService;
import io.consilium.server.workflow.ResultStore;
import io.consilium.server.workflow.Views;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code serve --demo}: seeds the built-in archive with a sample CT study (real DICOM instances of synthetic
 * phantoms) and a dental abutment case, lets the workflow segment the study and open the experts' Tasks, and
 * prints where to see the result.
 */
@ApplicationScoped
public class DemoSetup {

    static final long SEED = 20261127;
    static final int SLICES = 40;
    static final int SIZE = 128;
    static final String SOURCE = "sample";

    private final DicomArchive archive;
    private final ResultStore results;
    private final ReviewService review;
    private final JobQueue queue;
    private final AbutmentCases abutments;

    DemoSetup(DicomArchive archive, ResultStore results, ReviewService review, JobQueue queue,
            AbutmentCases abutments) {
        this.archive = archive;
        this.results = results;
        this.review = review;
        this.queue = queue;
        this.abutments = abutments;
    }

    /** Seeds, waits for the preliminary result (at most {@code timeout}) and prints the links under {@code base}. */
    public boolean run(PrintStream out, String base, Duration timeout) {
        SampleStudies.CtSeries ct = SampleStudies.ct(SEED, SLICES, SIZE, "CONSILIUM-SAMPLE-1");
        out.printf("Demo: storing a sample CT study (%d slices of %dx%d, synthetic phantoms) in the built-in archive%n",
                SLICES, SIZE, SIZE);
        for (DicomFile instance : ct.instances()) {
            archive.store(instance, SOURCE);
        }
        var abutmentCase = SyntheticCases.generate(SEED, 1).get(0).abutmentCase();
        var proposed = abutments.propose(AbutmentJson.write(abutmentCase), null, "demo");
        out.println("Demo: waiting for the AI segmentation (DeferredSeg) and the review Tasks...");
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Views.Result> result = Optional.empty();
        while (System.nanoTime() < deadline) {
            result = results.resultOfSeries(ct.seriesInstanceUid());
            if (result.isPresent()) {
                break;
            }
            var job = queue.findByKey("segment:" + ct.seriesInstanceUid());
            if (job.isPresent() && job.get().status() == JobStatus.FAILED) {
                out.println("Demo: segmentation FAILED: " + job.get().lastError());
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (result.isEmpty()) {
            out.println("Demo: no result within " + timeout.toSeconds() + " s; see " + base + "/api/jobs");
            return false;
        }
        Views.Result r = result.get();
        out.printf("Demo: study %s segmented: %s, %.1f%% of pixels deferred, AI volume %.1f ml%n",
                r.studyInstanceUid(), r.status(), r.deferralRate() * 100, r.aiVolumeMl());
        List<Views.Task> tasks = review.tasks(null, null).stream().filter(t -> t.resultId().equals(r.id())).toList();
        for (Views.Task t : tasks) {
            out.printf("  Task for %-6s %6d pixels   %s/api/tasks/%s%n", t.expert(), t.regionPixels(), base, t.id());
        }
        out.println("  Web UI:             " + base + "/");
        out.println("  Result:             " + base + "/api/results/" + r.id());
        out.println("  DiagnosticReport:   " + base + "/fhir/DiagnosticReport/" + r.id() + "   (preliminary until "
                + "the Tasks are completed)");
        out.println("  Abutment case:      " + base + "/api/abutment/cases/" + proposed.id());
        out.println("  Live events:        " + base + "/api/events");
        return true;
    }
}
