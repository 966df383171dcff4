package io.consilium.server.jobs;

/**
 * Runs the jobs of one type. Handlers do their slow work outside any transaction, then commit their effects
 * through {@link JobQueue#complete}, so a job whose worker crashed re-runs from the start and its effects land
 * exactly once.
 */
public interface JobHandler {

    /** The job type this handler runs, e.g. {@code SEGMENT}. */
    String type();

    void run(Job job);

    /** Called in the transaction that marks the job FAILED: record what a person must see (no partial result). */
    default void failed(Job job, String reason) {
    }
}
