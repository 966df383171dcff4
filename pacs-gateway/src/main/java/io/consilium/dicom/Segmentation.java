package io.consilium.dicom;

import io.consilium.dicom.internal.Dictionary;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds a DICOM Segmentation instance (PS3.3 A.51, BINARY) over a source {@link Volume}: one frame per
 * segment and slice, with segment labels and coded properties, algorithm identification, per-frame references
 * to the source images and the referenced series.
 */
public final class Segmentation {

    public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.66.4";

    /** A coded concept (code value, coding scheme designator, code meaning). */
    public record Code(String value, String scheme, String meaning) {
        Dataset item() {
            var ds = new Dataset();
            ds.putString(new Tag(0x0008, 0x0100), VR.SH, value);
            ds.putString(new Tag(0x0008, 0x0102), VR.SH, scheme);
            ds.putString(new Tag(0x0008, 0x0104), VR.LO, meaning);
            return ds;
        }
    }

    /** SCT "Tissue" (category) — use with a property type such as {@link #LIVER}. */
    public static final Code TISSUE = new Code("85756007", "SCT", "Tissue");
    public static final Code ANATOMICAL_STRUCTURE = new Code("123037004", "SCT", "Anatomical Structure");
    public static final Code LIVER = new Code("10200004", "SCT", "Liver");

    /** How a segment was made: Segment Algorithm Type (0062,0008), PS3.3 C.8.20.4. */
    public enum AlgorithmType {
        /** Calculated by the algorithm alone. */
        AUTOMATIC,
        /** Calculated by the algorithm, with pixels decided or edited by a user. */
        SEMIAUTOMATIC
    }

    private record Segment(String label, Code category, Code type, AlgorithmType algorithmType, boolean[] mask) {
    }

    private final Volume source;
    private final List<Segment> segments = new ArrayList<>();
    private String algorithmName = "Consilium";
    private String algorithmVersion = "1";
    private String seriesDescription = "Segmentation";

    private Segmentation(Volume source) {
        this.source = source;
    }

    public static Segmentation of(Volume source) {
        return new Segmentation(source);
    }

    /** A new UID under the UUID-derived root 2.25 (PS3.5 B.2), unique without registration. */
    public static String newUid() {
        UUID u = UUID.randomUUID();
        BigInteger value = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        return "2.25." + value;
    }

    public Segmentation algorithm(String name, String version) {
        this.algorithmName = name;
        this.algorithmVersion = version;
        return this;
    }

    public Segmentation seriesDescription(String description) {
        this.seriesDescription = description;
        return this;
    }

    /** Adds a segment; {@code mask} has one entry per voxel of the source volume, x fastest. */
    public Segmentation segment(String label, Code category, Code type, AlgorithmType algorithmType, boolean[] mask) {
        int voxels = source.columns() * source.rows() * source.slices();
        if (mask.length != voxels) {
            throw new IllegalArgumentException("mask of " + mask.length + " voxels for a volume of " + voxels);
        }
        segments.add(new Segment(label, category, type, algorithmType, mask.clone()));
        return this;
    }

    /** The SEG instance, in Explicit VR Little Endian, in a new series. */
    public DicomFile build() {
        if (segments.isEmpty()) {
            throw new IllegalStateException("a segmentation needs at least one segment");
        }
        Dataset src = source.sources().get(0).dataset();
        String sopInstanceUid = newUid();
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0005), VR.CS, "ISO_IR 192");
        ds.putString(new Tag(0x0008, 0x0008), VR.CS, "DERIVED", "PRIMARY");
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, SOP_CLASS_UID);
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, sopInstanceUid);
        ds.putString(new Tag(0x0008, 0x0023), VR.DA, now.substring(0, 8));
        ds.putString(new Tag(0x0008, 0x0033), VR.TM, now.substring(8));
        ds.putString(new Tag(0x0008, 0x0060), VR.CS, "SEG");
        ds.putString(new Tag(0x0008, 0x0070), VR.LO, "Consilium");
        ds.putString(new Tag(0x0008, 0x103E), VR.LO, seriesDescription);
        ds.putString(new Tag(0x0008, 0x1090), VR.LO, algorithmName);
        ds.putString(new Tag(0x0018, 0x1000), VR.LO, "1");
        ds.putString(new Tag(0x0018, 0x1020), VR.LO, algorithmVersion);
        for (int[] copied : new int[][] {{0x0008, 0x0020}, {0x0008, 0x0030}, {0x0008, 0x0050}, {0x0008, 0x0090},
                {0x0010, 0x0010}, {0x0010, 0x0020}, {0x0010, 0x0030}, {0x0010, 0x0040}, {0x0020, 0x000D},
                {0x0020, 0x0010}, {0x0020, 0x0052}, {0x0020, 0x1040}}) {
            Tag tag = new Tag(copied[0], copied[1]);
            DicomElement e = src.get(tag);
            ds.put(e != null ? e : DicomElement.of(tag, Dictionary.standard(tag).vr(), new byte[0]));
        }
        // Type 3, copied when the source has it: viewers and worklists list the SEG under the study's description.
        DicomElement studyDescription = src.get(new Tag(0x0008, 0x1030));
        if (studyDescription != null) {
            ds.put(studyDescription);
        }
        ds.putString(new Tag(0x0020, 0x000E), VR.UI, newUid());
        ds.putString(new Tag(0x0020, 0x0011), VR.IS, "9901");
        ds.putString(new Tag(0x0020, 0x0013), VR.IS, "1");
        ds.putString(new Tag(0x0070, 0x0080), VR.CS, "SEGMENTATION");
        ds.putString(new Tag(0x0070, 0x0081), VR.LO, algorithmName + " " + algorithmVersion);
        ds.putString(new Tag(0x0070, 0x0084), VR.PN, "Consilium^" + algorithmName);
        ds.putString(new Tag(0x0062, 0x0001), VR.CS, "BINARY");

        List<Dataset> segmentItems = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            var item = new Dataset();
            item.putInts(new Tag(0x0062, 0x0004), VR.US, i + 1);
            item.putString(new Tag(0x0062, 0x0005), VR.LO, s.label());
            item.putString(new Tag(0x0062, 0x0008), VR.CS, s.algorithmType().name());
            item.putString(new Tag(0x0062, 0x0009), VR.LO, algorithmName);
            item.putSequence(new Tag(0x0062, 0x0003), List.of(s.category().item()));
            item.putSequence(new Tag(0x0062, 0x000F), List.of(s.type().item()));
            var algorithm = new Dataset();
            algorithm.putSequence(new Tag(0x0066, 0x002F), List.of(new Code("123110", "DCM",
                    "Artificial Intelligence").item()));
            algorithm.putString(new Tag(0x0066, 0x0031), VR.LO, algorithmVersion);
            algorithm.putString(new Tag(0x0066, 0x0036), VR.LO, algorithmName);
            item.putSequence(new Tag(0x0062, 0x0007), List.of(algorithm));
            segmentItems.add(item);
        }
        ds.putSequence(new Tag(0x0062, 0x0002), segmentItems);

        // Multi-frame dimensions: segment number, then position along the slice normal.
        String dimensionUid = newUid();
        var dimSegment = new Dataset();
        dimSegment.putString(new Tag(0x0020, 0x9164), VR.UI, dimensionUid);
        dimSegment.put(at(new Tag(0x0020, 0x9165), new Tag(0x0062, 0x000B)));
        dimSegment.put(at(new Tag(0x0020, 0x9167), new Tag(0x0062, 0x000A)));
        var dimPosition = new Dataset();
        dimPosition.putString(new Tag(0x0020, 0x9164), VR.UI, dimensionUid);
        dimPosition.put(at(new Tag(0x0020, 0x9165), new Tag(0x0020, 0x0032)));
        dimPosition.put(at(new Tag(0x0020, 0x9167), new Tag(0x0020, 0x9113)));
        ds.putSequence(new Tag(0x0020, 0x9221), List.of(dimensionOrganization(dimensionUid)));
        ds.putSequence(new Tag(0x0020, 0x9222), List.of(dimSegment, dimPosition));

        var shared = new Dataset();
        double[] spacing = source.spacing();
        var measures = new Dataset();
        measures.putDoubles(new Tag(0x0028, 0x0030), VR.DS, spacing[1], spacing[0]);
        measures.putDoubles(new Tag(0x0018, 0x0050), VR.DS, spacing[2]);
        measures.putDoubles(new Tag(0x0018, 0x0088), VR.DS, spacing[2]);
        shared.putSequence(new Tag(0x0028, 0x9110), List.of(measures));
        var orientation = new Dataset();
        double[][] dir = source.direction();
        orientation.putDoubles(new Tag(0x0020, 0x0037), VR.DS, dir[0][0], dir[0][1], dir[0][2], dir[1][0], dir[1][1],
                dir[1][2]);
        shared.putSequence(new Tag(0x0020, 0x9116), List.of(orientation));
        ds.putSequence(new Tag(0x5200, 0x9229), List.of(shared));

        int frameSize = source.columns() * source.rows();
        int frames = segments.size() * source.slices();
        List<Dataset> perFrame = new ArrayList<>();
        byte[] pixels = new byte[(int) (((long) frames * frameSize + 7) / 8 + 1) & ~1];
        int bit = 0;
        for (int s = 0; s < segments.size(); s++) {
            boolean[] mask = segments.get(s).mask();
            for (int z = 0; z < source.slices(); z++) {
                DicomFile slice = source.sources().get(z);
                perFrame.add(frameItem(slice, s + 1, z + 1));
                for (int p = 0; p < frameSize; p++, bit++) {
                    if (mask[z * frameSize + p]) {
                        pixels[bit >>> 3] |= (byte) (1 << (bit & 7));
                    }
                }
            }
        }
        ds.putSequence(new Tag(0x5200, 0x9230), perFrame);
        ds.putString(new Tag(0x0028, 0x0008), VR.IS, Integer.toString(frames));
        ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
        ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
        ds.putInts(new Tag(0x0028, 0x0010), VR.US, source.rows());
        ds.putInts(new Tag(0x0028, 0x0011), VR.US, source.columns());
        ds.putInts(new Tag(0x0028, 0x0100), VR.US, 1);
        ds.putInts(new Tag(0x0028, 0x0101), VR.US, 1);
        ds.putInts(new Tag(0x0028, 0x0102), VR.US, 0);
        ds.putInts(new Tag(0x0028, 0x0103), VR.US, 0);
        ds.putString(new Tag(0x0028, 0x2110), VR.CS, "00");
        ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OB, pixels));

        List<Dataset> instances = new ArrayList<>();
        for (DicomFile slice : source.sources()) {
            instances.add(reference(slice));
        }
        var series = new Dataset();
        series.putSequence(new Tag(0x0008, 0x114A), instances);
        series.putString(new Tag(0x0020, 0x000E), VR.UI, src.string(new Tag(0x0020, 0x000E)));
        ds.putSequence(new Tag(0x0008, 0x1115), List.of(series));

        return new DicomFile(FileMetaInformation.create(SOP_CLASS_UID, sopInstanceUid,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static Dataset dimensionOrganization(String uid) {
        var ds = new Dataset();
        ds.putString(new Tag(0x0020, 0x9164), VR.UI, uid);
        return ds;
    }

    private static DicomElement at(Tag tag, Tag value) {
        byte[] b = {(byte) value.group(), (byte) (value.group() >> 8), (byte) value.element(),
                (byte) (value.element() >> 8)};
        return DicomElement.of(tag, VR.AT, b);
    }

    private Dataset frameItem(DicomFile slice, int segmentNumber, int sliceIndex) {
        var item = new Dataset();
        var content = new Dataset();
        content.putInts(new Tag(0x0020, 0x9157), VR.UL, segmentNumber, sliceIndex);
        item.putSequence(new Tag(0x0020, 0x9111), List.of(content));
        var position = new Dataset();
        position.putDoubles(new Tag(0x0020, 0x0032), VR.DS, Volume.SliceGeometry.of(slice.dataset()).position());
        item.putSequence(new Tag(0x0020, 0x9113), List.of(position));
        var segment = new Dataset();
        segment.putInts(new Tag(0x0062, 0x000B), VR.US, segmentNumber);
        item.putSequence(new Tag(0x0062, 0x000A), List.of(segment));
        var derivation = new Dataset();
        derivation.putSequence(new Tag(0x0008, 0x9215), List.of(new Code("113076", "DCM", "Segmentation").item()));
        Dataset sourceImage = reference(slice);
        sourceImage.putSequence(new Tag(0x0040, 0xA170), List.of(new Code("121322", "DCM",
                "Source image for image processing operation").item()));
        derivation.putSequence(new Tag(0x0008, 0x2112), List.of(sourceImage));
        item.putSequence(new Tag(0x0008, 0x9124), List.of(derivation));
        return item;
    }

    private static Dataset reference(DicomFile slice) {
        var ref = new Dataset();
        ref.putString(new Tag(0x0008, 0x1150), VR.UI, slice.dataset().string(new Tag(0x0008, 0x0016)));
        ref.putString(new Tag(0x0008, 0x1155), VR.UI, slice.dataset().string(new Tag(0x0008, 0x0018)));
        return ref;
    }
}
