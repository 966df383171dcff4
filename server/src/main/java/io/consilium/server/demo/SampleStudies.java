package io.consilium.server.demo;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import io.consilium.seg.SegmentationCase;
import io.consilium.seg.SyntheticPhantoms;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Generated sample studies for the embedded default and tests: a CT series whose slices are
 * segmentation-deferral's synthetic phantoms, written as real CT Image Storage instances (16-bit signed,
 * Hounsfield units through Rescale Slope/Intercept, axial geometry). UIDs derive from the seed, so the same
 * seed gives byte-identical instances (storing them again is a no-op).
 */
public final class SampleStudies {

    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    /** Phantom intensity v in [0, 1] is written as HU = v * 2000 - 1000 (the routing rule's window 0/2000). */
    private static final double HU_RANGE = 2000;
    private static final double HU_MIN = -1000;

    private SampleStudies() {
    }

    /** A generated series: its UIDs and instances in slice order. */
    public record CtSeries(String studyInstanceUid, String seriesInstanceUid, List<DicomFile> instances) {
    }

    /** {@code slices} phantom slices of {@code size} x {@code size} pixels, 1 mm pixels, 2.5 mm apart. */
    public static CtSeries ct(long seed, int slices, int size, String patientId) {
        String study = uid("study", seed, 0);
        String series = uid("series", seed, 0);
        String frame = uid("frame", seed, 0);
        List<SegmentationCase> phantoms = SyntheticPhantoms.generate(seed, slices, size, 1).cases();
        List<DicomFile> out = new ArrayList<>(slices);
        double thickness = 2.5;
        for (int z = 0; z < slices; z++) {
            String sop = uid("instance", seed, z + 1);
            var ds = new Dataset();
            ds.putString(new Tag(0x0008, 0x0005), VR.CS, "ISO_IR 100");
            ds.putString(new Tag(0x0008, 0x0008), VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
            ds.putString(new Tag(0x0008, 0x0018), VR.UI, sop);
            ds.putString(new Tag(0x0008, 0x0020), VR.DA, "20261127");
            ds.putString(new Tag(0x0008, 0x0030), VR.TM, "080000");
            ds.putString(new Tag(0x0008, 0x0050), VR.SH, "SAMPLE" + (seed % 100000));
            ds.putString(new Tag(0x0008, 0x0060), VR.CS, "CT");
            ds.putString(new Tag(0x0008, 0x0070), VR.LO, "Consilium sample generator");
            ds.putString(new Tag(0x0008, 0x0090), VR.PN, "");
            ds.putString(new Tag(0x0008, 0x1030), VR.LO, "Sample CT abdomen (synthetic phantoms)");
            ds.putString(new Tag(0x0008, 0x103E), VR.LO, "Axial 2.5 mm");
            ds.putString(new Tag(0x0010, 0x0010), VR.PN, "Sample^Patient");
            ds.putString(new Tag(0x0010, 0x0020), VR.LO, patientId);
            ds.putString(new Tag(0x0010, 0x0030), VR.DA, "19700101");
            ds.putString(new Tag(0x0010, 0x0040), VR.CS, "O");
            ds.putString(new Tag(0x0018, 0x0015), VR.CS, "ABDOMEN");
            ds.putDoubles(new Tag(0x0018, 0x0050), VR.DS, thickness);
            // Type 2: no X-ray tube made these phantoms, so the peak voltage is unknown, hence empty.
            ds.putString(new Tag(0x0018, 0x0060), VR.DS, "");
            // Head first supine, as the axial Image Orientation (Patient) below describes.
            ds.putString(new Tag(0x0018, 0x5100), VR.CS, "HFS");
            ds.putString(new Tag(0x0020, 0x000D), VR.UI, study);
            ds.putString(new Tag(0x0020, 0x000E), VR.UI, series);
            ds.putString(new Tag(0x0020, 0x0010), VR.SH, "1");
            ds.putString(new Tag(0x0020, 0x0011), VR.IS, "1");
            ds.putString(new Tag(0x0020, 0x0012), VR.IS, "1");
            ds.putString(new Tag(0x0020, 0x0013), VR.IS, Integer.toString(z + 1));
            ds.putDoubles(new Tag(0x0020, 0x0032), VR.DS, -size / 2.0, -size / 2.0, -100 + z * thickness);
            ds.putDoubles(new Tag(0x0020, 0x0037), VR.DS, 1, 0, 0, 0, 1, 0);
            ds.putString(new Tag(0x0020, 0x0052), VR.UI, frame);
            ds.putString(new Tag(0x0020, 0x1040), VR.LO, "");
            ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
            ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
            ds.putInts(new Tag(0x0028, 0x0010), VR.US, size);
            ds.putInts(new Tag(0x0028, 0x0011), VR.US, size);
            ds.putDoubles(new Tag(0x0028, 0x0030), VR.DS, 1.0, 1.0);
            ds.putInts(new Tag(0x0028, 0x0100), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0101), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0102), VR.US, 15);
            ds.putInts(new Tag(0x0028, 0x0103), VR.US, 1);
            ds.putDoubles(new Tag(0x0028, 0x1050), VR.DS, 40);
            ds.putDoubles(new Tag(0x0028, 0x1051), VR.DS, 400);
            ds.putDoubles(new Tag(0x0028, 0x1052), VR.DS, -1024);
            ds.putDoubles(new Tag(0x0028, 0x1053), VR.DS, 1);
            float[] image = phantoms.get(z).image().pixels();
            ByteBuffer pixels = ByteBuffer.allocate(size * size * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : image) {
                double hu = HU_MIN + Math.max(0, Math.min(1, v)) * HU_RANGE;
                pixels.putShort((short) Math.round(hu + 1024));
            }
            ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OW, pixels.array()));
            out.add(new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, sop,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        }
        return new CtSeries(study, series, out);
    }

    /**
     * A UID under 2.25 derived from a name, the seed and an index (PS3.5 B.2). The name holds the generator's
     * revision: instances whose content changed get new UIDs, so an archive seeded by an earlier revision is
     * not asked to hold different content under a UID it has.
     */
    static String uid(String kind, long seed, int index) {
        UUID u = UUID.nameUUIDFromBytes(("consilium-sample-2-" + kind + "-" + seed + "-" + index)
                .getBytes(StandardCharsets.UTF_8));
        BigInteger value = new BigInteger(1, ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + value;
    }
}
