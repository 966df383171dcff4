package io.consilium.server.dicomweb;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.server.archive.DicomArchive;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads archived instances back as data sets for QIDO-RS results and WADO-RS metadata and frames. */
@ApplicationScoped
class InstanceFiles {

    private final DicomArchive archive;

    InstanceFiles(DicomArchive archive) {
        this.archive = archive;
    }

    DicomFile file(String sopInstanceUid) {
        try (InputStream in = archive.open(sopInstanceUid)) {
            return DicomFile.read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read archived instance " + sopInstanceUid, e);
        } catch (DicomParseException e) {
            // The archive only accepts readable files, so this is damage on disk: an error, not a client fault.
            throw new IllegalStateException("archived instance " + sopInstanceUid + " no longer parses: "
                    + e.getMessage(), e);
        }
    }

    Dataset dataset(String sopInstanceUid) {
        return file(sopInstanceUid).dataset();
    }
}
