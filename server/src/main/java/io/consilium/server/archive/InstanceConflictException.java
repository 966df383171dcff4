package io.consilium.server.archive;

/**
 * Other content under the SOP Instance UID of a stored instance: refused on every path with the same meaning
 * (DIMSE status 0111H, Duplicate SOP Instance; the STOW-RS failure reason of the same code), the stored copy kept.
 */
public class InstanceConflictException extends InvalidInstanceException {

    public InstanceConflictException(String message) {
        super(message);
    }
}
