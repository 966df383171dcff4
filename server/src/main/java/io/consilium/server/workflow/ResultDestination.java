package io.consilium.server.workflow;

import io.consilium.server.archive.StoredInstance;

/**
 * Where a final DICOM SEG goes after it is written to the built-in archive. The embedded default keeps it
 * there ({@link ArchiveOnlyDestination}: served by DICOMweb and C-MOVE); a deployment with a hospital PACS
 * provides a bean that sends it by C-STORE, which replaces the default.
 */
public interface ResultDestination {

    /** A name for the audit trail, e.g. {@code archive} or {@code C-STORE:PACS@10.0.0.5:104}. */
    String name();

    /**
     * Delivers the instance; throwing makes the SEND_RESULT job retry with backoff, and fail visibly when
     * retries are exhausted (the result stays FINAL in the archive either way).
     */
    void send(StoredInstance seg);
}
