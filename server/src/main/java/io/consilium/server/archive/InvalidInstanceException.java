package io.consilium.server.archive;

/** An instance the archive refuses: not DICOM, missing its identifying UIDs, or clashing with a stored one. */
public class InvalidInstanceException extends RuntimeException {

    public InvalidInstanceException(String message) {
        super(message);
    }

    public InvalidInstanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
