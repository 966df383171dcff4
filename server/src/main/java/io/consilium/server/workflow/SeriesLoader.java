package io.consilium.server.workflow;

import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.Tag;
import io.consilium.dicom.Volume;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.archive.StoredInstance;
import io.consilium.server.jobs.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a series from the built-in archive into a {@link Volume}, refusing what cannot be segmented. */
@ApplicationScoped
public class SeriesLoader {

    private static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);

    private final DicomArchive archive;

    SeriesLoader(DicomArchive archive) {
        this.archive = archive;
    }

    /** The indexed instances of a series; a series the archive does not hold is a permanent job error. */
    public List<StoredInstance> instances(String study, String series) {
        List<StoredInstance> instances = archive.series(study, series);
        if (instances.isEmpty()) {
            throw new JobFailure("series " + series + " of study " + study + " holds no instances in the archive");
        }
        return instances;
    }

    /** How many instances of the series the archive holds now. */
    public int count(String study, String series) {
        return archive.series(study, series).size();
    }

    /**
     * The series as a volume.
     *
     * @throws JobFailure when an instance holds no image, or the slices do not form one evenly spaced volume
     *                    (a missing slice, mixed sizes or orientations)
     */
    public Volume volume(List<StoredInstance> instances) {
        List<DicomFile> files = new ArrayList<>(instances.size());
        for (StoredInstance instance : instances) {
            DicomFile file;
            try (InputStream in = archive.open(instance.sopInstanceUid())) {
                file = DicomFile.read(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read instance " + instance.sopInstanceUid()
                        + " from the archive", e);
            } catch (DicomParseException e) {
                throw new JobFailure("instance " + instance.sopInstanceUid() + " is not readable DICOM: "
                        + e.getMessage(), e);
            }
            if (!file.dataset().contains(PIXEL_DATA)) {
                throw new JobFailure("series " + instance.seriesInstanceUid() + " is not an image series: instance "
                        + instance.sopInstanceUid() + " (SOP class " + instance.sopClassUid() + ", modality "
                        + instance.modality() + ") holds no pixel data");
            }
            files.add(file);
        }
        try {
            return Volume.of(files);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new JobFailure("series " + instances.get(0).seriesInstanceUid() + " cannot be segmented as one "
                    + "volume: " + e.getMessage(), e);
        }
    }
}
