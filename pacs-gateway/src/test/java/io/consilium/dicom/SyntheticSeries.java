package io.consilium.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Generates CT series the way a scanner writes them: one instance per slice, axial, 16-bit signed. */
public final class SyntheticSeries {

    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    private SyntheticSeries() {
    }

    /** Slice z holds stored value {@code z * 10 + (x + y) % 7} everywhere; HU = stored - 1024. */
    public static List<DicomFile> ct(String seriesUid, int slices, int size, double spacing, double thickness) {
        List<DicomFile> out = new ArrayList<>();
        for (int z = 0; z < slices; z++) {
            var ds = new Dataset();
            ds.putString(new Tag(0x0008, 0x0005), VR.CS, "ISO_IR 100");
            ds.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
            ds.putString(new Tag(0x0008, 0x0018), VR.UI, seriesUid + "." + (z + 1));
            ds.putString(new Tag(0x0008, 0x0020), VR.DA, "20260101");
            ds.putString(new Tag(0x0008, 0x0030), VR.TM, "101010");
            ds.putString(new Tag(0x0008, 0x0050), VR.SH, "ACC1");
            ds.putString(new Tag(0x0008, 0x0060), VR.CS, "CT");
            ds.putString(new Tag(0x0008, 0x0090), VR.PN, "");
            ds.putString(new Tag(0x0010, 0x0010), VR.PN, "Test^Patient");
            ds.putString(new Tag(0x0010, 0x0020), VR.LO, "PID1");
            ds.putString(new Tag(0x0010, 0x0030), VR.DA, "19700101");
            ds.putString(new Tag(0x0010, 0x0040), VR.CS, "O");
            ds.putString(new Tag(0x0020, 0x000D), VR.UI, seriesUid + ".0");
            ds.putString(new Tag(0x0020, 0x000E), VR.UI, seriesUid);
            ds.putString(new Tag(0x0020, 0x0010), VR.SH, "1");
            ds.putString(new Tag(0x0020, 0x0011), VR.IS, "1");
            ds.putString(new Tag(0x0020, 0x0013), VR.IS, Integer.toString(z + 1));
            ds.putDoubles(new Tag(0x0020, 0x0032), VR.DS, -100, -120, -50 + z * thickness);
            ds.putDoubles(new Tag(0x0020, 0x0037), VR.DS, 1, 0, 0, 0, 1, 0);
            ds.putString(new Tag(0x0020, 0x0052), VR.UI, seriesUid + ".9");
            ds.putString(new Tag(0x0020, 0x1040), VR.LO, "");
            ds.putDoubles(new Tag(0x0018, 0x0050), VR.DS, thickness);
            ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
            ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
            ds.putInts(new Tag(0x0028, 0x0010), VR.US, size);
            ds.putInts(new Tag(0x0028, 0x0011), VR.US, size);
            ds.putDoubles(new Tag(0x0028, 0x0030), VR.DS, spacing, spacing);
            ds.putInts(new Tag(0x0028, 0x0100), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0101), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0102), VR.US, 15);
            ds.putInts(new Tag(0x0028, 0x0103), VR.US, 1);
            ds.putDoubles(new Tag(0x0028, 0x1050), VR.DS, 40);
            ds.putDoubles(new Tag(0x0028, 0x1051), VR.DS, 400);
            ds.putDoubles(new Tag(0x0028, 0x1052), VR.DS, -1024);
            ds.putDoubles(new Tag(0x0028, 0x1053), VR.DS, 1);
            ByteBuffer pixels = ByteBuffer.allocate(size * size * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    pixels.putShort((short) (z * 10 + (x + y) % 7));
                }
            }
            ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OW, pixels.array()));
            out.add(new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, seriesUid + "." + (z + 1),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        }
        return out;
    }
}
