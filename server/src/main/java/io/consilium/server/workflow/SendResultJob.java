package io.consilium.server.workflow;

import io.consilium.audit.AuditEvent;
import io.consilium.audit.Outcome;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.jobs.Job;
import io.consilium.server.jobs.JobFailure;
import io.consilium.server.jobs.JobHandler;
import io.consilium.server.jobs.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** SEND_RESULT: delivers a final result's DICOM SEG to the configured {@link ResultDestination}. */
@ApplicationScoped
class SendResultJob implements JobHandler {

    private final ResultStore results;
    private final DicomArchive archive;
    private final ResultDestination destination;
    private final JobQueue queue;
    private final AuditTrail audit;

    SendResultJob(ResultStore results, DicomArchive archive, ResultDestination destination, JobQueue queue,
            AuditTrail audit) {
        this.results = results;
        this.archive = archive;
        this.destination = destination;
        this.queue = queue;
        this.audit = audit;
    }

    @Override
    public String type() {
        return MergeJob.SEND_RESULT;
    }

    @Override
    public void run(Job job) {
        Views.Result result = results.result(job.payload())
                .orElseThrow(() -> new JobFailure("no result " + job.payload()));
        if (result.segInstanceUid() == null) {
            throw new JobFailure("result " + result.id() + " has no DICOM SEG to send");
        }
        StoredInstance seg = archive.find(result.segInstanceUid())
                .orElseThrow(() -> new JobFailure("DICOM SEG " + result.segInstanceUid() + " is not in the archive"));
        destination.send(seg);
        queue.complete(job, () -> audit.record(AuditEvent.of(ResultStore.SERVICE, "result.export",
                        "DiagnosticReport/" + result.id()).target("Binary/" + seg.sopInstanceUid())
                .patient(seg.patientId()).output("dicom-seg", seg.sha256())
                .detail(results.json(Map.of("destination", destination.name()))).build()));
    }

    @Override
    public void failed(Job job, String reason) {
        audit.record(AuditEvent.of(ResultStore.SERVICE, "result.export", "DiagnosticReport/" + job.payload())
                .outcome(Outcome.SERIOUS_FAILURE, reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                .detail(results.json(Map.of("destination", destination.name()))).build());
    }
}
