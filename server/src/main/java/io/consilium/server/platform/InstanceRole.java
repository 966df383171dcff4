package io.consilium.server.platform;

/**
 * What one server instance does in a scaled-out deployment ({@code consilium.role}, env {@code CONSILIUM_ROLE}).
 * All instances share one PostgreSQL; the Helm chart runs API pods and inference-worker pods from the same image.
 */
public enum InstanceRole {
    /** One machine: serves the API and UI and runs jobs (the default). */
    ALL,
    /** Serves the API, UI and DICOM listener; leaves queued jobs to the workers. */
    API,
    /** Runs queued jobs (segmentation inference, abutment proposals); its HTTP port serves health and metrics. */
    WORKER;

    public boolean servesApi() {
        return this != WORKER;
    }

    public boolean runsJobs() {
        return this != API;
    }
}
