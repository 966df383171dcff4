package io.consilium.dicom.net;

/**
 * Where a C-MOVE, C-GET or C-STORE batch stands: sub-operations remaining, completed, failed and completed
 * with a warning, and the DIMSE status of the latest response (0xFF00 pending, 0x0000 success, 0xB000
 * some sub-operations failed, others failure).
 */
public record Progress(int remaining, int completed, int failed, int warning, int status) {

    public boolean pending() {
        return status == Status.PENDING || status == Status.PENDING_WARNING;
    }

    /** Final and every sub-operation completed (with or without warning). */
    public boolean succeeded() {
        return !pending() && failed == 0 && (status == Status.SUCCESS || status == Status.WARNING);
    }

    @Override
    public String toString() {
        return String.format("remaining %d, completed %d, failed %d, warning %d, status 0x%04X", remaining,
                completed, failed, warning, status);
    }
}
