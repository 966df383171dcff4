package io.consilium.server.workflow;

import io.consilium.dicom.net.Progress;
import io.consilium.dicom.net.RemoteAe;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.dicom.DicomNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Sends a final DICOM SEG to the hospital PACS by C-STORE ({@code consilium.pacs.*}). */
class PacsResultDestination implements ResultDestination {

    private final DicomNetwork network;
    private final DicomArchive archive;

    PacsResultDestination(DicomNetwork network, DicomArchive archive) {
        this.network = network;
        this.archive = archive;
    }

    @Override
    public String name() {
        RemoteAe pacs = network.pacs();
        return "C-STORE:" + pacs.aeTitle() + "@" + pacs.host() + ":" + pacs.port();
    }

    @Override
    public void send(StoredInstance seg) {
        Progress done;
        try {
            done = network.client().store(network.pacs(), List.of(archive.file(seg.sopInstanceUid())), p -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("C-STORE of " + seg.sopInstanceUid() + " to " + name() + " failed", e);
        }
        if (done.completed() + done.warning() != 1) {
            throw new IllegalStateException("the PACS " + name() + " did not store " + seg.sopInstanceUid()
                    + " (status 0x" + Integer.toHexString(done.status()) + ")");
        }
    }
}
