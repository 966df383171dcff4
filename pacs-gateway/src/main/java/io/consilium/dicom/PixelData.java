package io.consilium.dicom;

import io.consilium.dicom.internal.JpegDecoder;
import io.consilium.dicom.internal.JpegLsDecoder;
import io.consilium.dicom.internal.RleDecoder;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Image Pixel module of an instance (PS3.3 C.7.6.3) and its frames decoded to stored values, with the
 * modality rescale, the VOI window or LUT, and rendering of MONOCHROME1/2, RGB, YBR_FULL(_422) and PALETTE COLOR.
 * Native, RLE Lossless, JPEG Baseline/Extended (8-bit through JDK ImageIO, 12-bit own decoder), JPEG Lossless
 * (process 14, own decoder) and JPEG-LS (own decoder; one component per scan) decode. JPEG 2000 is refused: the
 * Maven Central ImageIO plugin (jai-imageio-jpeg2000 1.4.0) hangs on corrupt code streams, found by BadInputTest's
 * fuzzing; every other encapsulated syntax raises {@link UnsupportedTransferSyntaxException} naming it.
 */
public final class PixelData {

    static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);
    static final Tag SAMPLES_PER_PIXEL = new Tag(0x0028, 0x0002);
    static final Tag PHOTOMETRIC = new Tag(0x0028, 0x0004);
    static final Tag PLANAR_CONFIGURATION = new Tag(0x0028, 0x0006);
    static final Tag NUMBER_OF_FRAMES = new Tag(0x0028, 0x0008);
    static final Tag ROWS = new Tag(0x0028, 0x0010);
    static final Tag COLUMNS = new Tag(0x0028, 0x0011);
    static final Tag BITS_ALLOCATED = new Tag(0x0028, 0x0100);
    static final Tag BITS_STORED = new Tag(0x0028, 0x0101);
    static final Tag PIXEL_REPRESENTATION = new Tag(0x0028, 0x0103);
    static final Tag WINDOW_CENTER = new Tag(0x0028, 0x1050);
    static final Tag WINDOW_WIDTH = new Tag(0x0028, 0x1051);
    static final Tag RESCALE_INTERCEPT = new Tag(0x0028, 0x1052);
    static final Tag RESCALE_SLOPE = new Tag(0x0028, 0x1053);
    static final Tag VOI_LUT_SEQUENCE = new Tag(0x0028, 0x3010);
    static final Tag LUT_DESCRIPTOR = new Tag(0x0028, 0x3002);
    static final Tag LUT_DATA = new Tag(0x0028, 0x3006);

    private final Dataset dataset;
    private final TransferSyntax syntax;
    private final DicomElement pixels;
    private final int rows;
    private final int columns;
    private final int samples;
    private final int bitsAllocated;
    private final int bitsStored;
    private final boolean signed;
    private final int frames;
    private final String photometric;
    private final boolean planar;

    private PixelData(Dataset dataset, TransferSyntax syntax) {
        this.dataset = dataset;
        this.syntax = syntax;
        this.pixels = dataset.get(PIXEL_DATA);
        if (pixels == null) {
            throw new IllegalArgumentException("the instance has no Pixel Data (7fe0,0010)");
        }
        rows = dataset.intValue(ROWS, 0);
        columns = dataset.intValue(COLUMNS, 0);
        samples = dataset.intValue(SAMPLES_PER_PIXEL, 1);
        bitsAllocated = dataset.intValue(BITS_ALLOCATED, 0);
        bitsStored = dataset.intValue(BITS_STORED, bitsAllocated);
        signed = dataset.intValue(PIXEL_REPRESENTATION, 0) == 1;
        frames = Math.max(1, dataset.intValue(NUMBER_OF_FRAMES, 1));
        String pi = dataset.string(PHOTOMETRIC);
        photometric = pi == null ? (samples == 3 ? "RGB" : "MONOCHROME2") : pi;
        planar = dataset.intValue(PLANAR_CONFIGURATION, 0) == 1;
        if (rows <= 0 || columns <= 0 || samples <= 0 || samples > 4
                || !List.of(1, 8, 16, 32).contains(bitsAllocated) || bitsStored < 1 || bitsStored > bitsAllocated) {
            throw new IllegalArgumentException(String.format("inconsistent Image Pixel module: rows %d, columns %d, "
                    + "samples %d, bits allocated %d, bits stored %d", rows, columns, samples, bitsAllocated,
                    bitsStored));
        }
        // Rows and Columns go up to 65535 each: a frame must fit one Java array, and a hostile header must give a
        // clear error rather than an overflow or an OutOfMemoryError.
        long values = (long) rows * columns * Math.max(samples, 3);
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format("a frame of %d rows x %d columns x %d samples is too "
                    + "large to decode", rows, columns, samples));
        }
    }

    public static PixelData of(DicomFile file) {
        return new PixelData(file.dataset(), file.transferSyntax());
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int samplesPerPixel() {
        return samples;
    }

    public int frames() {
        return frames;
    }

    public int bitsStored() {
        return bitsStored;
    }

    public String photometricInterpretation() {
        return photometric;
    }

    private boolean isYbr422() {
        return photometric.equals("YBR_FULL_422") && !syntax.isEncapsulated();
    }

    /**
     * The stored values of one frame (0-based), sign-extended, samples interleaved per pixel
     * ({@code rows * columns * samplesPerPixel} values). YBR_FULL_422 is returned expanded to full YBR.
     */
    public int[] storedValues(int frame) {
        if (frame < 0 || frame >= frames) {
            throw new IllegalArgumentException("frame " + (frame + 1) + " of " + frames + " does not exist");
        }
        if (!syntax.isEncapsulated()) {
            return nativeFrame(pixels.value(), frame);
        }
        requireHeapFor(frame);
        byte[] compressed = compressedFrame(frame);
        return switch (syntax) {
            case RLE_LOSSLESS -> fromPlanarBytes(RleDecoder.decode(compressed, rows * columns, samples,
                    bitsAllocated / 8));
            case JPEG_BASELINE, JPEG_EXTENDED -> JpegDecoder.decodeLossy(compressed, rows, columns, samples, syntax);
            case JPEG_LOSSLESS, JPEG_LOSSLESS_SV1 -> mask(JpegDecoder.decodeLossless(compressed, rows, columns,
                    samples));
            case JPEG_LS_LOSSLESS, JPEG_LS_NEAR_LOSSLESS -> mask(JpegLsDecoder.decode(compressed, rows, columns,
                    samples, syntax));
            default -> throw new UnsupportedTransferSyntaxException(syntax.uid() + " (" + syntax.title() + ")");
        };
    }

    /**
     * A compressed frame's size is not bounded by the bytes in the file (RLE and JPEG-LS compress a flat image
     * hundreds of times): its decoded values plus the decoder's working copy must fit in the heap.
     */
    private void requireHeapFor(int frame) {
        long needed = 2L * 4 * rows * columns * samples;
        long max = Runtime.getRuntime().maxMemory();
        if (needed > max) {
            throw new IllegalArgumentException(String.format("frame %d (%d x %d x %d) needs %d MB to decode, more "
                    + "than the %d MB heap", frame + 1, rows, columns, samples, needed >> 20, max >> 20));
        }
    }

    /** Stored values with Modality LUT rescale applied: Hounsfield units for CT (monochrome only). */
    public float[] rescaled(int frame) {
        int[] stored = storedValues(frame);
        double slope = dataset.doubleValue(RESCALE_SLOPE, 1);
        double intercept = dataset.doubleValue(RESCALE_INTERCEPT, 0);
        float[] out = new float[stored.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (stored[i] * slope + intercept);
        }
        return out;
    }

    private int[] nativeFrame(ByteBuffer all, int frame) {
        int pixelsPerFrame = rows * columns;
        if (bitsAllocated == 1) {
            long bitStart = (long) frame * pixelsPerFrame * samples;
            int[] out = new int[pixelsPerFrame * samples];
            requireBytes(all, (bitStart + out.length + 7) / 8);
            for (int i = 0; i < out.length; i++) {
                long bit = bitStart + i;
                out[i] = (all.get((int) (bit >>> 3)) >>> (bit & 7)) & 1;
            }
            return out;
        }
        int bytesPerSample = bitsAllocated / 8;
        int values = isYbr422() ? pixelsPerFrame * 2 : pixelsPerFrame * samples;
        long frameBytes = (long) values * bytesPerSample;
        requireBytes(all, frameBytes * (frame + 1));
        ByteBuffer b = all.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) (frameBytes * frame));
        int[] raw = new int[values];
        for (int i = 0; i < values; i++) {
            raw[i] = switch (bytesPerSample) {
                case 1 -> b.get(b.position() + i) & 0xFF;
                case 2 -> b.getShort() & 0xFFFF;
                default -> b.getInt();
            };
        }
        if (isYbr422()) {
            int[] full = new int[pixelsPerFrame * 3];
            for (int p = 0, i = 0; p + 1 < pixelsPerFrame + 1 && i + 3 < values; p += 2, i += 4) {
                full[p * 3] = raw[i];
                full[p * 3 + 1] = raw[i + 2];
                full[p * 3 + 2] = raw[i + 3];
                if (p + 1 < pixelsPerFrame) {
                    full[p * 3 + 3] = raw[i + 1];
                    full[p * 3 + 4] = raw[i + 2];
                    full[p * 3 + 5] = raw[i + 3];
                }
            }
            return full;
        }
        if (planar && samples > 1) {
            raw = interleave(raw);
        }
        return mask(raw);
    }

    private void requireBytes(ByteBuffer all, long needed) {
        if (all.remaining() < needed) {
            throw new IllegalArgumentException("Pixel Data holds " + all.remaining() + " bytes, the Image Pixel "
                    + "module needs " + needed);
        }
    }

    private int[] interleave(int[] planes) {
        int n = rows * columns;
        int[] out = new int[planes.length];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < n; p++) {
                out[p * samples + s] = planes[s * n + p];
            }
        }
        return out;
    }

    /** Keeps the Bits Stored low bits, sign-extended when Pixel Representation is 1. */
    private int[] mask(int[] raw) {
        if (bitsStored >= 32) {
            return raw;
        }
        int shift = 32 - bitsStored;
        for (int i = 0; i < raw.length; i++) {
            raw[i] = signed ? (raw[i] << shift) >> shift : (int) ((raw[i] & 0xFFFFFFFFL) & ((1L << bitsStored) - 1));
        }
        return raw;
    }

    private int[] fromPlanarBytes(byte[] planes) {
        int n = rows * columns;
        int bytes = bitsAllocated / 8;
        int[] out = new int[n * samples];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < n; p++) {
                int v = 0;
                for (int k = 0; k < bytes; k++) {
                    v = v << 8 | planes[(s * bytes + k) * n + p] & 0xFF;
                }
                out[p * samples + s] = v;
            }
        }
        return mask(out);
    }

    /** The compressed bytes of one frame: by Basic Offset Table, one fragment per frame, or all fragments. */
    private byte[] compressedFrame(int frame) {
        List<ByteBuffer> fragments = pixels.fragments();
        List<ByteBuffer> data = fragments.subList(1, fragments.size());
        ByteBuffer offsetTable = fragments.get(0).order(ByteOrder.LITTLE_ENDIAN);
        List<ByteBuffer> parts = new ArrayList<>();
        if (frames == 1) {
            parts.addAll(data);
        } else if (offsetTable.remaining() >= 4 * frames) {
            long start = offsetTable.getInt(4 * frame) & 0xFFFFFFFFL;
            long end = frame + 1 < frames ? offsetTable.getInt(4 * (frame + 1)) & 0xFFFFFFFFL : Long.MAX_VALUE;
            long position = 0;
            for (ByteBuffer f : data) {
                if (position >= start && position < end) {
                    parts.add(f);
                }
                position += 8 + f.remaining();
            }
        } else if (data.size() == frames) {
            parts.add(data.get(frame));
        } else {
            throw new IllegalArgumentException("cannot tell the frames apart: " + data.size() + " fragments for "
                    + frames + " frames and no Basic Offset Table");
        }
        int total = parts.stream().mapToInt(ByteBuffer::remaining).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (ByteBuffer p : parts) {
            int n = p.remaining();
            p.duplicate().get(out, at, n);
            at += n;
        }
        return out;
    }

    /** Renders a frame for display with the default VOI: the first window, else the first VOI LUT, else min-max. */
    public BufferedImage render(int frame) {
        return render(frame, false);
    }

    /** Renders a frame; {@code minMax} ignores the stored windows (as dcm2pnm +Wm does). */
    public BufferedImage render(int frame, boolean minMax) {
        int[] values = storedValues(frame);
        int n = rows * columns;
        if (photometric.startsWith("MONOCHROME")) {
            float[] modality = rescaled(frame);
            int[] gray = voi(modality, minMax);
            boolean invert = photometric.equals("MONOCHROME1");
            var image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
            byte[] target = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < n; i++) {
                target[i] = (byte) (invert ? 255 - gray[i * samples] : gray[i * samples]);
            }
            return image;
        }
        var image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((java.awt.image.DataBufferInt) image.getRaster().getDataBuffer()).getData();
        if (photometric.equals("PALETTE COLOR")) {
            int[][] luts = {palette(0x1101, 0x1201), palette(0x1102, 0x1202), palette(0x1103, 0x1203)};
            int first = dataset.longs(new Tag(0x0028, 0x1101)).length > 1
                    ? (int) dataset.longs(new Tag(0x0028, 0x1101))[1] : 0;
            for (int i = 0; i < n; i++) {
                int index = values[i] - first;
                rgb[i] = lut(luts[0], index) << 16 | lut(luts[1], index) << 8 | lut(luts[2], index);
            }
            return image;
        }
        int shift = Math.max(0, bitsStored - 8);
        // JPEG frames are decoded without colour conversion, so YBR is converted here as for native data.
        boolean ybr = photometric.startsWith("YBR_FULL");
        for (int i = 0; i < n; i++) {
            int a = values[i * 3] >>> shift;
            int b = values[i * 3 + 1] >>> shift;
            int c = values[i * 3 + 2] >>> shift;
            if (ybr) {
                int r = clamp(Math.round(a + 1.402 * (c - 128)));
                int g = clamp(Math.round(a - 0.344136 * (b - 128) - 0.714136 * (c - 128)));
                int bl = clamp(Math.round(a + 1.772 * (b - 128)));
                a = r;
                b = g;
                c = bl;
            }
            rgb[i] = clamp(a) << 16 | clamp(b) << 8 | clamp(c);
        }
        return image;
    }

    private int[] palette(int descriptor, int data) {
        long[] desc = dataset.longs(new Tag(0x0028, descriptor));
        DicomElement lut = dataset.get(new Tag(0x0028, data));
        if (desc.length < 3 || lut == null) {
            throw new IllegalArgumentException("PALETTE COLOR without LUT (0028," + Integer.toHexString(data) + ")");
        }
        int bits = (int) desc[2];
        ByteBuffer b = lut.value();
        int entries = desc[0] == 0 ? 65536 : (int) desc[0];
        int[] out = new int[entries];
        for (int i = 0; i < entries && b.remaining() >= 2; i++) {
            int v = b.getShort() & 0xFFFF;
            out[i] = bits > 8 ? v >>> 8 : v & 0xFF;
        }
        return out;
    }

    private static int lut(int[] lut, int index) {
        return lut[Math.max(0, Math.min(lut.length - 1, index))];
    }

    private int[] voi(float[] modality, boolean minMax) {
        int[] out = new int[modality.length];
        double[] centers = dataset.doubles(WINDOW_CENTER);
        double[] widths = dataset.doubles(WINDOW_WIDTH);
        List<Dataset> lutItems = dataset.sequence(VOI_LUT_SEQUENCE);
        if (!minMax && centers.length > 0 && widths.length > 0 && widths[0] >= 1) {
            window(modality, centers[0], widths[0], out);
        } else if (!minMax && !lutItems.isEmpty() && lutItems.get(0).contains(LUT_DATA)) {
            Dataset item = lutItems.get(0);
            long[] desc = item.longs(LUT_DESCRIPTOR);
            long[] data = item.longs(LUT_DATA);
            int first = desc.length > 1 ? (int) (short) desc[1] : 0;
            int bits = desc.length > 2 ? (int) desc[2] : 16;
            for (int i = 0; i < out.length; i++) {
                int index = Math.max(0, Math.min(data.length - 1, Math.round(modality[i]) - first));
                out[i] = (int) (data[index] * 255 / ((1L << bits) - 1));
            }
        } else {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : modality) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            window(modality, (min + max) / 2.0, Math.max(1, max - min), out);
        }
        return out;
    }

    /** The LINEAR VOI function of PS3.3 C.11.2.1.2.1. */
    private static void window(float[] values, double center, double width, int[] out) {
        double low = center - 0.5 - (width - 1) / 2;
        double high = center - 0.5 + (width - 1) / 2;
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            out[i] = x <= low ? 0 : x > high ? 255
                    : clamp((int) Math.round(((x - (center - 0.5)) / (width - 1) + 0.5) * 255));
        }
    }

    private static int clamp(long v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
