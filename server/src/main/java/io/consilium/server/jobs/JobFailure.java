package io.consilium.server.jobs;

/**
 * A job that cannot succeed as its input stands (bad study, no routing rule): it fails at once, without
 * retries, and the message tells a person what to fix.
 */
public class JobFailure extends RuntimeException {

    public JobFailure(String message) {
        super(message);
    }

    public JobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
