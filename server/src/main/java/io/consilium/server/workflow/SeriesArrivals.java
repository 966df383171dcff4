package io.consilium.server.workflow;

import io.consilium.server.archive.InstanceStored;
import io.consilium.server.jobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Queues a segmentation for every series that lands in the archive, in the storing transaction. Instances of one
 * series arrive one by one: each pushes the job's start back by the settle time, so the series is read whole. An
 * instance arriving after the series was segmented (or after it failed, e.g. for a missing slice) runs the
 * segmentation again: no instance is left out of a result.
 * Results Consilium writes itself (the DICOM SEG) are not segmented again.
 */
@ApplicationScoped
public class SeriesArrivals {

    /** Archive source of the objects the workflow writes. */
    public static final String RESULT_SOURCE = "consilium-result";
    static final String SEGMENT = "SEGMENT";

    private final JobQueue queue;
    private final RoutingConfig config;

    SeriesArrivals(JobQueue queue, RoutingConfig config) {
        this.queue = queue;
        this.config = config;
    }

    void onStored(@Observes InstanceStored event) {
        var instance = event.instance();
        if (RESULT_SOURCE.equals(instance.source())) {
            return;
        }
        queue.requeue(SEGMENT, "segment:" + instance.seriesInstanceUid(),
                instance.studyInstanceUid() + "/" + instance.seriesInstanceUid(), config.settle());
    }
}
