package io.consilium.dicom.internal;

/**
 * Sequential DCT JPEG with Huffman coding (ITU T.81 processes 1, 2 and 4: baseline and extended, 8 or 12 bits),
 * interleaved or one component per scan, with restart intervals. Used for 12-bit frames, which the JDK's reader
 * refuses. Subsampled components are upsampled by replication. Returns samples interleaved per pixel.
 */
final class SequentialDct extends JpegStream {

    /** Natural (row-major) position of the k-th coefficient in zig-zag order. */
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63};

    /** cos((2x + 1) u pi / 16) * C(u) / 2, the separable 8-point inverse DCT. */
    private static final double[][] IDCT = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                IDCT[x][u] = (u == 0 ? Math.sqrt(0.5) : 1) * Math.cos((2 * x + 1) * u * Math.PI / 16) / 2;
            }
        }
    }

    private final int[][] quantization = new int[4][];
    private int precision;
    private int width;
    private int height;
    private Component[] components = new Component[0];
    private int maxH = 1;
    private int maxV = 1;
    private int restartInterval;
    private boolean frameSeen;

    private static final class Component {
        int id;
        int h;
        int v;
        int table;
        int blocksPerLine;
        int blocksPerColumn;
        int[] samples;
        int predictor;
        int dcTable;
        int acTable;
    }

    SequentialDct(byte[] in) {
        super(in);
    }

    int[] decode(int rows, int columns, int samples) {
        requireStartOfImage();
        while (true) {
            int marker = nextMarker();
            if (marker == 0xD9) {
                break;
            }
            if (marker >= 0xD0 && marker <= 0xD7) {
                continue;
            }
            int length = u16();
            int end = pos + length - 2;
            switch (marker) {
                case 0xC0, 0xC1 -> frameHeader(rows, columns, samples);
                case 0xC4 -> huffmanTables(end);
                case 0xDB -> quantizationTables(end);
                case 0xDD -> restartInterval = u16();
                case 0xDA -> {
                    scan();
                    requireCompleteScan();
                    endScan();
                    continue;
                }
                default -> {
                    if (JpegDecoder.isFrameHeader(marker)) {
                        throw new IllegalArgumentException(String.format("JPEG SOF%d is not a sequential DCT process "
                                + "with Huffman coding", marker - 0xC0));
                    }
                }
            }
            pos = end;
        }
        if (!frameSeen) {
            throw new IllegalArgumentException("JPEG frame has no frame header (SOF)");
        }
        return interleaved();
    }

    private void frameHeader(int rows, int columns, int samples) {
        precision = u8();
        height = u16();
        width = u16();
        int n = u8();
        if (precision != 8 && precision != 12) {
            throw new IllegalArgumentException("JPEG DCT precision " + precision + " is not 8 or 12");
        }
        if (width != columns || height != rows || n != samples) {
            throw new IllegalArgumentException("JPEG frame is " + width + "x" + height + "x" + n + ", expected "
                    + columns + "x" + rows + "x" + samples);
        }
        components = new Component[n];
        for (int i = 0; i < n; i++) {
            Component c = new Component();
            c.id = u8();
            int sampling = u8();
            c.h = sampling >> 4;
            c.v = sampling & 0x0F;
            c.table = u8();
            if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.table > 3) {
                throw new IllegalArgumentException("JPEG component " + c.id + ": sampling " + c.h + "x" + c.v
                        + ", quantization table " + c.table);
            }
            maxH = Math.max(maxH, c.h);
            maxV = Math.max(maxV, c.v);
            components[i] = c;
        }
        int mcusPerLine = ceilDiv(width, 8 * maxH);
        int mcusPerColumn = ceilDiv(height, 8 * maxV);
        for (Component c : components) {
            c.blocksPerLine = mcusPerLine * c.h;
            c.blocksPerColumn = mcusPerColumn * c.v;
            c.samples = new int[c.blocksPerLine * 8 * c.blocksPerColumn * 8];
        }
        frameSeen = true;
    }

    private void quantizationTables(int end) {
        while (pos < end) {
            int pt = u8();
            int id = pt & 0x0F;
            if (id > 3 || pt >> 4 > 1) {
                throw new IllegalArgumentException("JPEG quantization table " + id + " of precision " + (pt >> 4));
            }
            int[] q = new int[64];
            for (int k = 0; k < 64; k++) {
                q[k] = pt >> 4 == 0 ? u8() : u16();
            }
            quantization[id] = q;
        }
    }

    private void scan() {
        if (!frameSeen) {
            throw new IllegalArgumentException("JPEG scan before the frame header");
        }
        int ns = u8();
        if (ns < 1 || ns > components.length) {
            throw new IllegalArgumentException("JPEG scan with " + ns + " components");
        }
        Component[] scanned = new Component[ns];
        for (int i = 0; i < ns; i++) {
            int id = u8();
            int tables = u8();
            for (Component c : components) {
                if (c.id == id) {
                    scanned[i] = c;
                }
            }
            if (scanned[i] == null) {
                throw new IllegalArgumentException("JPEG scan names component " + id + ", not in the frame");
            }
            scanned[i].dcTable = tables >> 4;
            scanned[i].acTable = tables & 0x0F;
            requireHuffmanTable(DC, scanned[i].dcTable);
            requireHuffmanTable(AC, scanned[i].acTable);
            if (quantization[scanned[i].table] == null) {
                throw new IllegalArgumentException("JPEG component " + id + " uses undefined quantization table "
                        + scanned[i].table);
            }
            scanned[i].predictor = 0;
        }
        // Spectral selection and successive approximation mean nothing in a sequential scan (some encoders
        // write Se = 0 there), so they are read and ignored, as libjpeg does.
        u8();
        u8();
        u8();
        int[] block = new int[64];
        int mcu = 0;
        if (ns == 1) {
            Component c = scanned[0];
            int across = ceilDiv(ceilDiv(width * c.h, maxH), 8);
            int down = ceilDiv(ceilDiv(height * c.v, maxV), 8);
            for (int by = 0; by < down; by++) {
                for (int bx = 0; bx < across; bx++) {
                    mcu = restart(mcu, scanned);
                    decodeBlock(c, block, bx, by);
                }
            }
            return;
        }
        int mcusPerLine = ceilDiv(width, 8 * maxH);
        int mcusPerColumn = ceilDiv(height, 8 * maxV);
        for (int my = 0; my < mcusPerColumn; my++) {
            for (int mx = 0; mx < mcusPerLine; mx++) {
                mcu = restart(mcu, scanned);
                for (Component c : scanned) {
                    for (int v = 0; v < c.v; v++) {
                        for (int h = 0; h < c.h; h++) {
                            decodeBlock(c, block, mx * c.h + h, my * c.v + v);
                        }
                    }
                }
            }
        }
    }

    /** At the start of each restart interval: skip RSTn and reset the DC predictions. Returns the MCU count. */
    private int restart(int mcu, Component[] scanned) {
        if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
            skipRestartMarker();
            for (Component c : scanned) {
                c.predictor = 0;
            }
        }
        return mcu + 1;
    }

    private void decodeBlock(Component c, int[] block, int bx, int by) {
        java.util.Arrays.fill(block, 0);
        int[] q = quantization[c.table];
        c.predictor += receiveExtend(huffman(DC, c.dcTable));
        block[0] = c.predictor * q[0];
        for (int k = 1; k < 64;) {
            int rs = huffman(AC, c.acTable);
            int run = rs >> 4;
            int size = rs & 0x0F;
            if (size == 0) {
                if (run != 15) {
                    break;
                }
                k += 16;
                continue;
            }
            k += run;
            if (k > 63) {
                throw new IllegalArgumentException("corrupt JPEG data: coefficient run past the block");
            }
            block[ZIGZAG[k]] = receiveExtend(size) * q[k];
            k++;
        }
        inverseDct(block, c, bx, by);
    }

    private void inverseDct(int[] block, Component c, int bx, int by) {
        double[] rows = new double[64];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                double sum = 0;
                for (int u = 0; u < 8; u++) {
                    sum += IDCT[x][u] * block[y * 8 + u];
                }
                rows[y * 8 + x] = sum;
            }
        }
        int max = (1 << precision) - 1;
        int shift = 1 << (precision - 1);
        int stride = c.blocksPerLine * 8;
        int origin = by * 8 * stride + bx * 8;
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                double sum = 0;
                for (int v = 0; v < 8; v++) {
                    sum += IDCT[y][v] * rows[v * 8 + x];
                }
                c.samples[origin + y * stride + x] = Math.max(0, Math.min(max, (int) Math.round(sum) + shift));
            }
        }
    }

    private int[] interleaved() {
        int n = components.length;
        int[] out = new int[width * height * n];
        for (int i = 0; i < n; i++) {
            Component c = components[i];
            int stride = c.blocksPerLine * 8;
            for (int y = 0; y < height; y++) {
                int row = y * c.v / maxV * stride;
                for (int x = 0; x < width; x++) {
                    out[(y * width + x) * n + i] = c.samples[row + x * c.h / maxH];
                }
            }
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
