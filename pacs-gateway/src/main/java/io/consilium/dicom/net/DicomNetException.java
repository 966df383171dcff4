package io.consilium.dicom.net;

import java.io.IOException;

/**
 * A DICOM network operation that did not complete: association rejected or aborted, timeout, protocol error,
 * or a failure status from the peer ({@link #status()}, -1 when the failure was below DIMSE).
 */
public class DicomNetException extends IOException {

    private final int status;

    public DicomNetException(String message) {
        this(message, -1, null);
    }

    public DicomNetException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    public DicomNetException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
