package io.consilium.dicom;

/**
 * The value representations of PS3.5 6.2. In explicit VR encoding, the ones marked {@code longLength}
 * carry two reserved bytes and a 32-bit length; all others a 16-bit length (PS3.5 7.1.2).
 */
public enum VR {
    AE(false, ' '), AS(false, ' '), AT(false, 0), CS(false, ' '), DA(false, ' '), DS(false, ' '), DT(false, ' '),
    FD(false, 0), FL(false, 0), IS(false, ' '), LO(false, ' '), LT(false, ' '), OB(true, 0), OD(true, 0),
    OF(true, 0), OL(true, 0), OV(true, 0), OW(true, 0), PN(false, ' '), SH(false, ' '), SL(false, 0),
    SQ(true, 0), SS(false, 0), ST(false, ' '), SV(true, 0), TM(false, ' '), UC(true, ' '), UI(false, 0),
    UL(false, 0), UN(true, 0), UR(true, ' '), US(false, 0), UT(true, ' '), UV(true, 0);

    private final boolean longLength;
    private final byte padding;

    VR(boolean longLength, int padding) {
        this.longLength = longLength;
        this.padding = (byte) padding;
    }

    /** True when the explicit VR header has a 32-bit length field. */
    public boolean hasLongLength() {
        return longLength;
    }

    /** The byte that pads a value to even length: space for text, NUL for UIDs and binary values. */
    public byte padding() {
        return padding;
    }

    /** Reads the two ASCII characters of an explicit VR header. */
    public static VR fromCode(int first, int second) {
        char a = (char) first;
        char b = (char) second;
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            throw new IllegalArgumentException(String.format("bytes 0x%02x 0x%02x are not a VR", first, second));
        }
        try {
            return valueOf(new String(new char[] {a, b}));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown VR '" + a + b + "'", e);
        }
    }
}
