package io.consilium.dicom.web;

/**
 * A DICOMweb exchange failed: the peer answered with an error status, the body broke the standard, or the
 * connection failed. The message says which request and why; it never carries patient data from the body.
 */
public class DicomWebException extends RuntimeException {

    private final int status;

    public DicomWebException(String message) {
        this(message, 0, null);
    }

    public DicomWebException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the peer answered, or 0 when there was no usable answer. */
    public int status() {
        return status;
    }
}
