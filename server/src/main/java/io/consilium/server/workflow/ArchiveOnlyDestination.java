package io.consilium.server.workflow;

import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import java.util.NoSuchElementException;

/** The embedded default: no PACS to send to; the SEG stays in the built-in archive, which is checked to hold it. */
class ArchiveOnlyDestination implements ResultDestination {

    private final DicomArchive archive;

    ArchiveOnlyDestination(DicomArchive archive) {
        this.archive = archive;
    }

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public void send(StoredInstance seg) {
        if (archive.find(seg.sopInstanceUid()).isEmpty()) {
            throw new NoSuchElementException("result " + seg.sopInstanceUid() + " is missing from the archive");
        }
    }
}
