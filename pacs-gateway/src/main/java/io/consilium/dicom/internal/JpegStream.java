package io.consilium.dicom.internal;

/**
 * What the lossless and the DCT JPEG decoders share (ITU T.81): marker segments, Huffman tables, and the
 * entropy-coded bits with byte stuffing and restart markers. Corrupt input raises IllegalArgumentException.
 */
class JpegStream {

    static final int DC = 0;
    static final int AC = 1;

    final byte[] in;
    int pos;
    private final int[][][] codes = new int[2][4][];
    private final int[][][] lengths = new int[2][4][];
    private final int[][][] values = new int[2][4][];
    private int bitBuffer;
    private int bitCount;
    private boolean ranOut;

    JpegStream(byte[] in) {
        this.in = in;
    }

    void requireStartOfImage() {
        if (u8() != 0xFF || u8() != 0xD8) {
            throw new IllegalArgumentException("JPEG frame does not start with SOI");
        }
    }

    /** A DHT segment ending at {@code end}: tables of class DC (0, also lossless) or AC (1), ids 0..3. */
    void huffmanTables(int end) {
        while (pos < end) {
            int tc = u8();
            int cls = tc >> 4;
            int id = tc & 0x0F;
            if (id > 3 || cls > 1) {
                throw new IllegalArgumentException("JPEG Huffman table class " + cls + " id " + id);
            }
            int[] counts = new int[17];
            int total = 0;
            for (int i = 1; i <= 16; i++) {
                counts[i] = u8();
                total += counts[i];
            }
            if (total > 256) {
                throw new IllegalArgumentException("JPEG Huffman table with " + total + " codes");
            }
            int[] c = new int[total];
            int[] l = new int[total];
            int[] v = new int[total];
            int code = 0;
            int k = 0;
            for (int len = 1; len <= 16; len++) {
                for (int i = 0; i < counts[len]; i++) {
                    c[k] = code++;
                    l[k] = len;
                    v[k] = u8();
                    k++;
                }
                code <<= 1;
            }
            codes[cls][id] = c;
            lengths[cls][id] = l;
            values[cls][id] = v;
        }
    }

    void requireHuffmanTable(int cls, int id) {
        if (id > 3 || codes[cls][id] == null) {
            throw new IllegalArgumentException("JPEG scan uses undefined Huffman table " + id);
        }
    }

    /** The next Huffman-coded value (bit by bit: frames are small, and this never reads past the scan). */
    int huffman(int cls, int table) {
        int[] c = codes[cls][table];
        int[] l = lengths[cls][table];
        int code = 0;
        int length = 0;
        int k = 0;
        while (length < 16) {
            code = code << 1 | bits(1);
            length++;
            while (k < c.length && l[k] == length) {
                if (c[k] == code) {
                    return values[cls][table][k];
                }
                k++;
            }
        }
        throw new IllegalArgumentException("corrupt JPEG data: no Huffman code matches");
    }

    /** T.81 F.2.2.1 EXTEND: {@code ssss} bits read as a signed magnitude category. */
    int receiveExtend(int ssss) {
        if (ssss == 0) {
            return 0;
        }
        if (ssss > 16) {
            throw new IllegalArgumentException("corrupt JPEG data: magnitude category " + ssss);
        }
        int v = bits(ssss);
        return v < 1 << (ssss - 1) ? v - (1 << ssss) + 1 : v;
    }

    /** Entropy-coded bits; stuffed zero bytes are skipped, and a marker or the end reads as zero bits. */
    int bits(int n) {
        while (bitCount < n) {
            int b = 0;
            if (pos < in.length && !atMarker()) {
                b = in[pos++] & 0xFF;
                if (b == 0xFF) {
                    pos++;
                }
            } else {
                ranOut = true;
            }
            bitBuffer = bitBuffer << 8 | b;
            bitCount += 8;
        }
        int v = (bitBuffer >>> (bitCount - n)) & ((1 << n) - 1);
        bitCount -= n;
        return v;
    }

    private boolean atMarker() {
        return (in[pos] & 0xFF) == 0xFF && (pos + 1 >= in.length || (in[pos + 1] & 0xFF) != 0);
    }

    /**
     * A complete stream never needs bits beyond its scan's last byte (the encoder pads it with ones): reading
     * past means the data is truncated or corrupt, and the decoded image would silently be wrong.
     */
    void requireCompleteScan() {
        if (ranOut) {
            throw new IllegalArgumentException("JPEG entropy-coded data ends before the last block (truncated or "
                    + "corrupt)");
        }
    }

    /** Drops the bits left of the interval and steps over its RSTn marker. */
    void skipRestartMarker() {
        bitCount = 0;
        while (pos + 1 < in.length && !((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) >= 0xD0
                && (in[pos + 1] & 0xFF) <= 0xD7)) {
            pos++;
        }
        pos += 2;
    }

    /** Forgets the bits of a finished scan, so that the next marker is read from the byte after it. */
    void endScan() {
        bitCount = 0;
    }

    int nextMarker() {
        while (pos + 1 < in.length) {
            if ((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) != 0xFF && (in[pos + 1] & 0xFF) != 0) {
                int marker = in[pos + 1] & 0xFF;
                pos += 2;
                return marker;
            }
            pos++;
        }
        throw new IllegalArgumentException("JPEG frame ends before its scan");
    }

    int u8() {
        if (pos >= in.length) {
            throw new IllegalArgumentException("JPEG frame is truncated");
        }
        return in[pos++] & 0xFF;
    }

    int u16() {
        return u8() << 8 | u8();
    }
}
