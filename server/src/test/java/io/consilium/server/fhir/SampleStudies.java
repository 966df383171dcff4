package io.consilium.server.fhir;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import io.consilium.server.archive.DicomArchive;
import java.util.UUID;

/** Small CT studies stored in the real archive, with the attributes the FHIR facade maps. */
final class SampleStudies {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private SampleStudies() {
    }

    /** Stores a study of {@code series} series x {@code instances} instances and returns its UID. */
    static String store(DicomArchive archive, String patientId, String studyDate, String accession, int series,
            int instances) {
        String study = newUid();
        for (int s = 1; s <= series; s++) {
            String seriesUid = study + "." + s;
            for (int i = 1; i <= instances; i++) {
                var ds = new Dataset();
                ds.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
                ds.putString(new Tag(0x0008, 0x0018), VR.UI, seriesUid + "." + i);
                ds.putString(new Tag(0x0008, 0x0020), VR.DA, studyDate);
                ds.putString(new Tag(0x0008, 0x0050), VR.SH, accession);
                ds.putString(new Tag(0x0008, 0x0060), VR.CS, "CT");
                ds.putString(new Tag(0x0008, 0x1030), VR.LO, "CT chest");
                ds.putString(new Tag(0x0008, 0x103E), VR.LO, "Axial " + s);
                ds.putString(new Tag(0x0010, 0x0020), VR.LO, patientId);
                ds.putString(new Tag(0x0018, 0x0015), VR.CS, "CHEST");
                ds.putString(new Tag(0x0020, 0x000D), VR.UI, study);
                ds.putString(new Tag(0x0020, 0x000E), VR.UI, seriesUid);
                ds.putString(new Tag(0x0020, 0x0011), VR.IS, Integer.toString(s));
                ds.putString(new Tag(0x0020, 0x0013), VR.IS, Integer.toString(i));
                archive.store(new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, seriesUid + "." + i,
                        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                        "test");
            }
        }
        return study;
    }

    static String newUid() {
        return "2.25." + UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(c -> Integer.toString(c % 10)).reduce("1", String::concat);
    }
}
