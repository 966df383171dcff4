package io.consilium.dicom;

import java.util.Arrays;

/**
 * The transfer syntaxes of PS3.5 10 and Annex A that Consilium reads. Native ones differ in VR encoding and
 * byte order; encapsulated ones (explicit VR little endian) carry compressed pixel data as fragments.
 */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", "Little Endian Implicit", false, false, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", "Little Endian Explicit", true, false, false, false),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true,
            false, true, false),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", "Big Endian Explicit", true, true, false, false),
    JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG Baseline", true, false, false, true),
    JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG Extended, Process 2+4", true, false, false, true),
    JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-hierarchical, Process 14", true, false, false,
            true),
    JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-hierarchical, 1st Order Prediction", true,
            false, false, true),
    JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless", true, false, false, true),
    JPEG_LS_NEAR_LOSSLESS("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-lossless)", true, false, false, true),
    JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 (Lossless only)", true, false, false, true),
    JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000 (Lossless or Lossy)", true, false, false, true),
    RLE_LOSSLESS("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, true);

    private final String uid;
    private final String title;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;
    private final boolean encapsulated;

    TransferSyntax(String uid, String title, boolean explicitVr, boolean bigEndian, boolean deflated,
            boolean encapsulated) {
        this.uid = uid;
        this.title = title;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
        this.encapsulated = encapsulated;
    }

    public String uid() {
        return uid;
    }

    /** The name DCMTK prints in its dumps ("Little Endian Explicit"). */
    public String title() {
        return title;
    }

    public boolean isExplicitVr() {
        return explicitVr;
    }

    public boolean isBigEndian() {
        return bigEndian;
    }

    public boolean isDeflated() {
        return deflated;
    }

    /** Pixel data is a sequence of compressed fragments (PS3.5 A.4). */
    public boolean isEncapsulated() {
        return encapsulated;
    }

    /** The syntax for a UID, or an error that names the UID. */
    public static TransferSyntax ofUid(String uid) {
        return Arrays.stream(values()).filter(ts -> ts.uid.equals(uid)).findFirst()
                .orElseThrow(() -> new UnsupportedTransferSyntaxException(uid));
    }
}
