package io.consilium.server.jobs;

/** The job's lease expired and another worker took it over: this worker's effects are rolled back. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(long jobId) {
        super("job " + jobId + " is no longer held by this worker (lease expired or released)");
    }
}
