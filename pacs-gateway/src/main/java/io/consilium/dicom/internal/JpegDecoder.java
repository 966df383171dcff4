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
 * JPEG frames (raw components, no colour conversion, so the Photometric Interpretation decides): lossy 8-bit
 * processes through the JDK's ImageIO, 12-bit sequential DCT (process 4) and the lossless process 14 (ITU T.81 H,
 * any predictor) decoded here.
 */
public final class JpegDecoder {

    private JpegDecoder() {
    }

    /**
     * A JPEG Baseline or Extended frame: 8-bit through the JDK's ImageIO, 12-bit (which the JDK refuses) by our own
     * sequential DCT decoder. Samples interleaved per pixel, no colour conversion.
     */
    public static int[] decodeLossy(byte[] jpeg, int rows, int columns, int samples, TransferSyntax syntax) {
        int sof = frameHeader(jpeg);
        requireSize((jpeg[sof + 7] & 0xFF) << 8 | jpeg[sof + 8] & 0xFF, (jpeg[sof + 5] & 0xFF) << 8 | jpeg[sof + 6] & 0xFF,
                rows, columns, "JPEG");
        if ((jpeg[sof + 4] & 0xFF) == 12) {
            return new SequentialDct(jpeg).decode(rows, columns, samples);
        }
        return decodeWithImageIo(jpeg, rows, columns, samples, syntax);
    }

    private static int[] decodeWithImageIo(byte[] jpeg, int rows, int columns, int samples, TransferSyntax syntax) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new UnsupportedTransferSyntaxException(syntax.uid() + " (no JPEG reader in this JDK)");
        }
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
     * The offset of the frame header (SOFn marker). Its size is checked against the Image Pixel module before
     * anything is allocated for it: a corrupt or hostile header must not make a decoder allocate gigabytes.
     */
    private static int frameHeader(byte[] jpeg) {
        for (int i = 0; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && isFrameHeader(jpeg[i + 1] & 0xFF)) {
                return i;
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

    private static final class Lossless extends JpegStream {
        private int precision;
        private int width;
        private int height;
        private int[] componentIds = new int[0];
        private int restartInterval;

        Lossless(byte[] in) {
            super(in);
        }

        int[] decode(int rows, int columns, int samples) {
            requireStartOfImage();
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
                        if (isFrameHeader(marker)) {
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

        private int[] scan() {
            int ns = u8();
            int[] tables = new int[ns];
            for (int i = 0; i < ns; i++) {
                u8();
                tables[i] = u8() >> 4;
                requireHuffmanTable(DC, tables[i]);
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

        /** T.81 H.1.2.2: category 16 is 32768 with no extra bits. */
        private int difference(int table) {
            int ssss = huffman(DC, table);
            return ssss == 16 ? 32768 : receiveExtend(ssss);
        }
    }

    static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
}
