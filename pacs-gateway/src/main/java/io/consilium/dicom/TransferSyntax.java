package io.consilium.dicom;

import java.util.Arrays;

/** The native transfer syntaxes of PS3.5 10 and Annex A that decide how a dataset is byte-encoded. */
public enum TransferSyntax {
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2", false, false, false),
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1", true, false, false),
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1.99", true, false, true),
    EXPLICIT_VR_BIG_ENDIAN("1.2.840.10008.1.2.2", true, true, false);

    private final String uid;
    private final boolean explicitVr;
    private final boolean bigEndian;
    private final boolean deflated;

    TransferSyntax(String uid, boolean explicitVr, boolean bigEndian, boolean deflated) {
        this.uid = uid;
        this.explicitVr = explicitVr;
        this.bigEndian = bigEndian;
        this.deflated = deflated;
    }

    public String uid() {
        return uid;
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

    /** The syntax for a UID, or an error that names the UID (encapsulated syntaxes come later). */
    public static TransferSyntax ofUid(String uid) {
        return Arrays.stream(values()).filter(ts -> ts.uid.equals(uid)).findFirst()
                .orElseThrow(() -> new UnsupportedTransferSyntaxException(uid));
    }
}
