package io.consilium.dicom.internal;

import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.UnsupportedTransferSyntaxException;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * JPEG frames: lossy 8-bit processes through the JDK's ImageIO (raw components, no colour conversion, so the
 * Photometric Interpretation decides), and the lossless process 14 (ITU T.81 H, any predictor) decoded here.
 */
public final class JpegDecoder {

    private JpegDecoder() {
    }

    public static int[] decodeWithImageIo(byte[] jpeg, int rows, int columns, int samples, TransferSyntax syntax) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new UnsupportedTransferSyntaxException(syntax.uid() + " (no JPEG reader in this JDK)");
        }
        requireJpegSize(jpeg, rows, columns);
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            Raster raster = reader.readRaster(0, null);
            if (raster.getWidth() != columns || raster.getHeight() != rows || raster.getNumBands() != samples) {
                throw new IllegalArgumentException(String.format("JPEG frame is %dx%dx%d, the Image Pixel module "
                        + "says %dx%dx%d", raster.getWidth(), raster.getHeight(), raster.getNumBands(), columns, rows,
                        samples));
            }
            return raster.getPixels(0, 0, columns, rows, (int[]) null);
        } catch (IOException e) {
            throw new UnsupportedTransferSyntaxException(syntax.uid() + " (" + syntax.title() + ": "
                    + e.getMessage() + ")");
        } finally {
            reader.dispose();
        }
    }

    /**
     * Checks the size in the frame header before a plugin allocates for it: a corrupt or hostile header must
     * not make ImageIO allocate gigabytes.
     */
    private static void requireJpegSize(byte[] jpeg, int rows, int columns) {
        for (int i = 0; i + 8 < jpeg.length; i++) {
            int marker = jpeg[i + 1] & 0xFF;
            if ((jpeg[i] & 0xFF) == 0xFF && marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC) {
                int height = (jpeg[i + 5] & 0xFF) << 8 | jpeg[i + 6] & 0xFF;
                int width = (jpeg[i + 7] & 0xFF) << 8 | jpeg[i + 8] & 0xFF;
                requireSize(width, height, rows, columns, "JPEG");
                return;
            }
        }
        throw new IllegalArgumentException("JPEG frame has no frame header (SOF)");
    }

    private static void requireSize(long width, long height, int rows, int columns, String what) {
        if (width != columns || height != rows) {
            throw new IllegalArgumentException(what + " frame header says " + width + "x" + height
                    + ", the Image Pixel module " + columns + "x" + rows);
        }
    }

    /** Decodes a lossless (SOF3) JPEG frame with 1x1 sampling; samples interleaved per pixel. */
    public static int[] decodeLossless(byte[] jpeg, int rows, int columns, int samples) {
        return new Lossless(jpeg).decode(rows, columns, samples);
    }

    private static final class Lossless {
        private final byte[] in;
        private int pos;
        private final int[][] tableCodes = new int[4][];
        private final int[][] tableLengths = new int[4][];
        private final int[][] tableValues = new int[4][];
        private int precision;
        private int width;
        private int height;
        private int[] componentIds = new int[0];
        private int restartInterval;
        private int bitBuffer;
        private int bitCount;

        Lossless(byte[] in) {
            this.in = in;
        }

        int[] decode(int rows, int columns, int samples) {
            if (u8() != 0xFF || u8() != 0xD8) {
                throw new IllegalArgumentException("JPEG frame does not start with SOI");
            }
            while (true) {
                int marker = nextMarker();
                int length = u16();
                int end = pos + length - 2;
                switch (marker) {
                    case 0xC3 -> frameHeader();
                    case 0xC4 -> huffmanTables(end);
                    case 0xDD -> restartInterval = u16();
                    case 0xDA -> {
                        if (width != columns || height != rows || componentIds.length != samples) {
                            throw new IllegalArgumentException("JPEG lossless frame is " + width + "x" + height + "x"
                                    + componentIds.length + ", expected " + columns + "x" + rows + "x" + samples);
                        }
                        return scan();
                    }
                    default -> {
                        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                            throw new IllegalArgumentException(String.format("not a lossless JPEG (SOF%d)",
                                    marker - 0xC0));
                        }
                    }
                }
                pos = end;
            }
        }

        private void frameHeader() {
            precision = u8();
            height = u16();
            width = u16();
            int n = u8();
            componentIds = new int[n];
            for (int i = 0; i < n; i++) {
                componentIds[i] = u8();
                int sampling = u8();
                if (sampling != 0x11) {
                    throw new IllegalArgumentException("JPEG lossless with subsampling is not supported");
                }
                u8();
            }
        }

        private void huffmanTables(int end) {
            while (pos < end) {
                int tc = u8();
                int id = tc & 0x0F;
                if (id > 3) {
                    throw new IllegalArgumentException("JPEG Huffman table id " + id + " is not 0..3");
                }
                int[] counts = new int[17];
                int total = 0;
                for (int i = 1; i <= 16; i++) {
                    counts[i] = u8();
                    total += counts[i];
                }
                int[] codes = new int[total];
                int[] lengths = new int[total];
                int[] values = new int[total];
                int code = 0;
                int k = 0;
                for (int len = 1; len <= 16; len++) {
                    for (int i = 0; i < counts[len]; i++) {
                        codes[k] = code++;
                        lengths[k] = len;
                        values[k] = u8();
                        k++;
                    }
                    code <<= 1;
                }
                tableCodes[id] = codes;
                tableLengths[id] = lengths;
                tableValues[id] = values;
            }
        }

        private int[] scan() {
            int ns = u8();
            int[] tables = new int[ns];
            for (int i = 0; i < ns; i++) {
                u8();
                tables[i] = u8() >> 4;
                if (tables[i] > 3) {
                    throw new IllegalArgumentException("JPEG scan selects Huffman table " + tables[i]);
                }
            }
            int predictor = u8();
            u8();
            int pointTransform = u8() & 0x0F;
            int n = componentIds.length;
            int[] out = new int[width * height * n];
            int initial = 1 << (precision - pointTransform - 1);
            int mcu = 0;
            boolean firstOfInterval = true;
            boolean firstRowOfInterval = true;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                        skipRestartMarker();
                        firstOfInterval = true;
                        firstRowOfInterval = true;
                    }
                    for (int c = 0; c < n; c++) {
                        int diff = difference(tables[Math.min(c, ns - 1)]);
                        int i = (y * width + x) * n + c;
                        int prediction;
                        if (firstOfInterval) {
                            prediction = initial;
                        } else if (firstRowOfInterval) {
                            prediction = x == 0 ? out[i - width * n] : out[i - n];
                        } else if (x == 0) {
                            prediction = out[i - width * n];
                        } else {
                            int a = out[i - n];
                            int b = out[i - width * n];
                            int cc = out[i - width * n - n];
                            prediction = switch (predictor) {
                                case 1 -> a;
                                case 2 -> b;
                                case 3 -> cc;
                                case 4 -> a + b - cc;
                                case 5 -> a + ((b - cc) >> 1);
                                case 6 -> b + ((a - cc) >> 1);
                                case 7 -> (a + b) >> 1;
                                default -> throw new IllegalArgumentException("JPEG lossless predictor " + predictor);
                            };
                        }
                        out[i] = (prediction + diff) & ((1 << precision) - 1);
                    }
                    firstOfInterval = false;
                    mcu++;
                }
                firstRowOfInterval = false;
            }
            if (pointTransform > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] <<= pointTransform;
                }
            }
            return out;
        }

        private int difference(int table) {
            int ssss = huffman(table);
            if (ssss == 0) {
                return 0;
            }
            if (ssss == 16) {
                return 32768;
            }
            int bits = bits(ssss);
            return bits < 1 << (ssss - 1) ? bits - (1 << ssss) + 1 : bits;
        }

        private int huffman(int table) {
            int[] codes = tableCodes[table];
            if (codes == null) {
                throw new IllegalArgumentException("JPEG scan uses undefined Huffman table " + table);
            }
            int code = 0;
            int length = 0;
            int k = 0;
            while (length < 16) {
                code = code << 1 | bits(1);
                length++;
                while (k < codes.length && tableLengths[table][k] == length) {
                    if (codes[k] == code) {
                        return tableValues[table][k];
                    }
                    k++;
                }
            }
            throw new IllegalArgumentException("corrupt JPEG lossless data: no Huffman code matches");
        }

        private int bits(int n) {
            while (bitCount < n) {
                int b = pos < in.length ? in[pos++] & 0xFF : 0;
                if (b == 0xFF && pos < in.length && (in[pos] & 0xFF) == 0) {
                    pos++;
                }
                bitBuffer = bitBuffer << 8 | b;
                bitCount += 8;
            }
            int v = (bitBuffer >>> (bitCount - n)) & ((1 << n) - 1);
            bitCount -= n;
            return v;
        }

        private void skipRestartMarker() {
            bitCount = 0;
            while (pos + 1 < in.length && !((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) >= 0xD0
                    && (in[pos + 1] & 0xFF) <= 0xD7)) {
                pos++;
            }
            pos += 2;
        }

        private int nextMarker() {
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

        private int u8() {
            if (pos >= in.length) {
                throw new IllegalArgumentException("JPEG frame is truncated");
            }
            return in[pos++] & 0xFF;
        }

        private int u16() {
            return u8() << 8 | u8();
        }
    }
}
