package io.consilium.server.workflow;

import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.dicom.Volume;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.jobs.Job;
import io.consilium.server.jobs.JobFailure;
import io.consilium.server.jobs.JobHandler;
import io.consilium.server.jobs.JobQueue;
import io.consilium.server.study.StudyCatalog;
import io.consilium.server.study.StudyStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * SEGMENT: routes a series that landed in the archive, runs the rule's DeferredSeg model on every slice and
 * publishes the preliminary result, stamped with that model's identity, with one review Task per expert. All
 * reading and inference happen before the one transaction that publishes, so a crash mid-job leaves nothing behind
 * and the re-run starts clean.
 */
@ApplicationScoped
class SegmentJob implements JobHandler {

    private static final Logger LOG = Logger.getLogger(SegmentJob.class);

    private final SeriesLoader loader;
    private final RoutingRules routing;
    private final SegmentationModels models;
    private final ResultStore results;
    private final JobQueue queue;
    private final StudyCatalog catalog;
    private final AuditTrail audit;
    private final Event<WorkflowEvent> events;
    private final RoutingConfig settle;

    SegmentJob(SeriesLoader loader, RoutingRules routing, SegmentationModels models, ResultStore results,
            JobQueue queue, StudyCatalog catalog, AuditTrail audit, Event<WorkflowEvent> events,
            RoutingConfig settle) {
        this.settle = settle;
        this.loader = loader;
        this.routing = routing;
        this.models = models;
        this.results = results;
        this.queue = queue;
        this.catalog = catalog;
        this.audit = audit;
        this.events = events;
    }

    @Override
    public String type() {
        return SeriesArrivals.SEGMENT;
    }

    @Override
    public void run(Job job) {
        String[] ids = ids(job);
        List<StoredInstance> instances = loader.instances(ids[0], ids[1]);
        StoredInstance first = instances.get(0);
        RoutingRules.Route route = routing.match(first.modality(), first.bodyPartExamined(),
                first.seriesDescription()).orElseThrow(() -> new JobFailure("no routing rule for modality '"
                + first.modality() + "', body part '" + first.bodyPartExamined() + "', series description '"
                + first.seriesDescription() + "': the series stays in the archive unsegmented (rules: "
                + "consilium.routing.rules.*)"));
        Volume volume = loader.volume(instances);
        SegmentationModels.Segmentation segmentation = models.segment(volume, route);
        try {
            queue.complete(job, () -> {
                // Instances that arrived while the model ran: publish nothing, read the whole series again.
                int now = loader.count(ids[0], ids[1]);
                if (now != instances.size()) {
                    throw new SeriesChanged(now - instances.size());
                }
                results.publishPreliminary(ids[0], ids[1], first.patientId(), route, volume, segmentation);
            });
        } catch (SeriesChanged e) {
            LOG.infof("job %d: %d instance(s) of the series arrived while it was segmented; segmenting again",
                    job.id(), e.arrived);
            queue.reschedule(job, settle.settle());
            return;
        }
        events.fire(new WorkflowEvent("job", Long.toString(job.id()), "DONE"));
    }

    @Override
    public void failed(Job job, String reason) {
        String[] ids = ids(job);
        if (catalog.find(ids[0]).isPresent()) {
            catalog.progress(ids[0], StudyStatus.FAILED, null);
        }
        List<StoredInstance> instances = loader.instances(ids[0], ids[1]);
        results.withdrawSeries(ids[1], "the series changed and could not be segmented again: " + reason,
                instances.isEmpty() ? null : instances.get(0).patientId());
        audit.record(AuditEvent.of(ResultStore.SERVICE, "seg.infer", "ImagingStudy/" + ids[0])
                .outcome(Outcome.SERIOUS_FAILURE, reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .detail(results.json(java.util.Map.of("series", ids[1], "job", job.id()))).build());
        events.fire(new WorkflowEvent("job", Long.toString(job.id()), "FAILED"));
    }

    /** The series gained instances between reading and publishing. */
    private static final class SeriesChanged extends RuntimeException {
        final int arrived;

        SeriesChanged(int arrived) {
            super(null, null, false, false);
            this.arrived = arrived;
        }
    }

    private static String[] ids(Job job) {
        String[] ids = job.payload().split("/");
        if (ids.length != 2) {
            throw new JobFailure("malformed SEGMENT payload '" + job.payload() + "'");
        }
        return ids;
    }
}
