package io.consilium.dicom.net;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Takes the instances a C-STORE SCP (ours, or the SCU side of a C-GET) receives. Each instance is streamed
 * to a Part 10 file under {@link #incomingDirectory()} as it arrives; only a complete instance reaches
 * {@link #stored}, and whatever is left of the file afterwards is deleted, so nothing partial is ever kept.
 */
public interface StoreHandler {

    /** A complete instance on disk, written as a Part 10 file (meta information + the bytes as received). */
    record ReceivedInstance(Association association, String sopClassUid, String sopInstanceUid,
            String transferSyntaxUid, Path file) {
    }

    /** One association as its peer opened it. */
    record Association(long id, String callingAeTitle, String calledAeTitle, String remoteAddress,
            String username) {
    }

    Path incomingDirectory();

    /**
     * Keeps the instance (typically by moving the file away) and returns the DIMSE status for the peer:
     * {@link Status#SUCCESS}, a warning (0xB0xx) or a failure (0xA7xx, 0xA9xx, 0xCxxx).
     */
    int stored(ReceivedInstance instance) throws IOException;

    /** The association ended; {@code outcome} is "released", "aborted: ..." or "failed: ...". */
    default void closed(Association association, String outcome) {
    }
}
