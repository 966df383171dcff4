package io.consilium.dicom;

/**
 * The value representations of PS3.5 6.2. In explicit VR encoding, the ones marked {@code longLength}
 * carry two reserved bytes and a 32-bit length; all others a 16-bit length (PS3.5 7.1.2).
 */
public enum VR {
    AE(false, ' ', 0), AS(false, ' ', 0), AT(false, 0, 2), CS(false, ' ', 0), DA(false, ' ', 0), DS(false, ' ', 0),
    DT(false, ' ', 0), FD(false, 0, 8), FL(false, 0, 4), IS(false, ' ', 0), LO(false, ' ', 0), LT(false, ' ', 0),
    OB(true, 0, 1), OD(true, 0, 8), OF(true, 0, 4), OL(true, 0, 4), OV(true, 0, 8), OW(true, 0, 2),
    PN(false, ' ', 0), SH(false, ' ', 0), SL(false, 0, 4), SQ(true, 0, 1), SS(false, 0, 2), ST(false, ' ', 0),
    SV(true, 0, 8), TM(false, ' ', 0), UC(true, ' ', 0), UI(false, 0, 0), UL(false, 0, 4), UN(true, 0, 1),
    UR(true, ' ', 0), US(false, 0, 2), UT(true, ' ', 0), UV(true, 0, 8);

    private final boolean longLength;
    private final byte padding;
    private final int unitSize;

    VR(boolean longLength, int padding, int unitSize) {
        this.longLength = longLength;
        this.padding = (byte) padding;
        this.unitSize = unitSize;
    }

    /** True when the explicit VR header has a 32-bit length field. */
    public boolean hasLongLength() {
        return longLength;
    }

    /** The byte that pads a value to even length: space for text, NUL for UIDs and binary values. */
    public byte padding() {
        return padding;
    }

    /** Size in bytes of one binary number (byte order matters above 1); 0 for text VRs. */
    public int unitSize() {
        return unitSize;
    }

    /** Values encoded as characters (PS3.5 6.2), as opposed to binary numbers, bytes and sequences. */
    public boolean isText() {
        return unitSize == 0;
    }

    /** Text whose bytes follow the Specific Character Set (0008,0005); the others are always ASCII. */
    public boolean usesSpecificCharacterSet() {
        return this == PN || this == LO || this == SH || this == ST || this == LT || this == UT || this == UC;
    }

    /** Text VRs whose value may hold several values separated by backslashes. */
    public boolean isMultiValuedText() {
        return isText() && this != LT && this != ST && this != UT && this != UR;
    }

    /** Reads the two ASCII characters of an explicit VR header. */
    public static VR fromCode(int first, int second) {
        char a = (char) (first & 0xFF);
        char b = (char) (second & 0xFF);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            throw new IllegalArgumentException(String.format("bytes 0x%02x 0x%02x are not a VR", first & 0xFF,
                    second & 0xFF));
        }
        try {
            return valueOf(new String(new char[] {a, b}));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown VR '" + a + b + "'", e);
        }
    }
}
