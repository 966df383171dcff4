package io.consilium.server.workflow;

import io.consilium.server.archive.DicomArchive;
import io.consilium.server.dicom.DicomNetwork;
import io.consilium.server.dicom.PacsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses where final results go: the PACS when {@code consilium.pacs.send-results=true}, else the archive only. */
class ResultDestinations {

    @Produces
    @ApplicationScoped
    ResultDestination destination(PacsConfig pacs, DicomNetwork network, DicomArchive archive) {
        return pacs.sendResults() ? new PacsResultDestination(network, archive) : new ArchiveOnlyDestination(archive);
    }
}
