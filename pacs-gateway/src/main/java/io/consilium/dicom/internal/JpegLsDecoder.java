package io.consilium.dicom.internal;

import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.UnsupportedTransferSyntaxException;

/**
 * JPEG-LS (ITU-T T.87) decoder for lossless and near-lossless frames: one component, or several components
 * each in its own scan (no interleave). Line- and sample-interleaved colour scans are refused.
 */
public final class JpegLsDecoder {

    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10,
        11, 12, 13, 14, 15};

    private final byte[] in;
    private int pos;
    private int precision;
    private int width;
    private int height;
    private int components;
    private int maxVal = -1;
    private int t1;
    private int t2;
    private int t3;
    private int reset = 64;

    private int near;
    private int range;
    private int qbpp;
    private int limit;
    private final int[] a = new int[367];
    private final int[] b = new int[367];
    private final int[] c = new int[367];
    private final int[] n = new int[367];
    private final int[] nn = new int[2];
    private int runIndex;

    private int bitBuffer;
    private int bitCount;
    private boolean afterFf;

    private JpegLsDecoder(byte[] in) {
        this.in = in;
    }

    /** Decodes one frame; samples interleaved per pixel. */
    public static int[] decode(byte[] frame, int rows, int columns, int samples, TransferSyntax syntax) {
        return new JpegLsDecoder(frame).run(rows, columns, samples, syntax);
    }

    private int[] run(int rows, int columns, int samples, TransferSyntax syntax) {
        if (u8() != 0xFF || u8() != 0xD8) {
            throw new IllegalArgumentException("JPEG-LS frame does not start with SOI");
        }
        int[] out = null;
        int scans = 0;
        while (true) {
            int marker = nextMarker();
            if (marker == 0xD9) {
                break;
            }
            int length = u16();
            int end = pos + length - 2;
            if (marker == 0xF7) {
                precision = u8();
                height = u16();
                width = u16();
                components = u8();
                if (width != columns || height != rows || components != samples) {
                    throw new IllegalArgumentException("JPEG-LS frame is " + width + "x" + height + "x" + components
                            + ", expected " + columns + "x" + rows + "x" + samples);
                }
                out = new int[width * height * components];
            } else if (marker == 0xF8) {
                int id = u8();
                if (id == 1) {
                    maxVal = u16();
                    t1 = u16();
                    t2 = u16();
                    t3 = u16();
                    reset = u16();
                } else {
                    throw new IllegalArgumentException("JPEG-LS preset parameters of type " + id + " are not supported");
                }
            } else if (marker == 0xDA) {
                if (out == null) {
                    throw new IllegalArgumentException("JPEG-LS scan before its frame header");
                }
                int ns = u8();
                int[] ids = new int[ns];
                for (int i = 0; i < ns; i++) {
                    ids[i] = u8();
                    u8();
                }
                near = u8();
                int ilv = u8();
                u8();
                if (ns != 1 || ilv != 0) {
                    throw new UnsupportedTransferSyntaxException(syntax.uid() + " (" + syntax.title()
                            + " with interleave mode " + ilv + ": only one component per scan is decoded)");
                }
                pos = end;
                scan(out, scans++);
                continue;
            }
            pos = end;
        }
        if (out == null || scans != components) {
            throw new IllegalArgumentException("JPEG-LS frame has " + scans + " scans for " + components + " components");
        }
        return out;
    }

    private void scan(int[] out, int component) {
        int mv = maxVal > 0 ? maxVal : (1 << precision) - 1;
        thresholds(mv);
        range = (mv + 2 * near) / (2 * near + 1) + 1;
        qbpp = bitLength(range);
        int bpp = Math.max(2, bitLength(mv + 1));
        limit = 2 * (bpp + Math.max(8, bpp));
        int initialA = Math.max(2, (range + 32) / 64);
        java.util.Arrays.fill(a, initialA);
        java.util.Arrays.fill(b, 0);
        java.util.Arrays.fill(c, 0);
        java.util.Arrays.fill(n, 1);
        nn[0] = 0;
        nn[1] = 0;
        runIndex = 0;
        bitBuffer = 0;
        bitCount = 0;
        afterFf = false;

        int[] prev = new int[width + 2];
        int[] curr = new int[width + 2];
        for (int y = 0; y < height; y++) {
            prev[width + 1] = prev[width];
            curr[0] = prev[1];
            int x = 0;
            while (x < width) {
                int ra = curr[x];
                int rb = prev[x + 1];
                int rc = prev[x];
                int rd = prev[x + 2];
                int d1 = rd - rb;
                int d2 = rb - rc;
                int d3 = rc - ra;
                if (Math.abs(d1) <= near && Math.abs(d2) <= near && Math.abs(d3) <= near) {
                    x = runMode(curr, prev, x, mv);
                } else {
                    curr[x + 1] = regular(quantize(d1), quantize(d2), quantize(d3), ra, rb, rc, mv);
                    x++;
                }
            }
            for (int i = 0; i < width; i++) {
                out[(y * width + i) * components + component] = curr[i + 1];
            }
            int[] t = prev;
            prev = curr;
            curr = t;
        }
        alignToMarker();
    }

    private int regular(int q1, int q2, int q3, int ra, int rb, int rc, int mv) {
        int sign = 1;
        if (q1 < 0 || q1 == 0 && q2 < 0 || q1 == 0 && q2 == 0 && q3 < 0) {
            sign = -1;
            q1 = -q1;
            q2 = -q2;
            q3 = -q3;
        }
        int q = q1 * 81 + q2 * 9 + q3;
        int px;
        if (rc >= Math.max(ra, rb)) {
            px = Math.min(ra, rb);
        } else if (rc <= Math.min(ra, rb)) {
            px = Math.max(ra, rb);
        } else {
            px = ra + rb - rc;
        }
        px += sign * c[q];
        px = Math.max(0, Math.min(mv, px));
        int k = 0;
        while ((n[q] << k) < a[q] && k < 24) {
            k++;
        }
        int merr = golomb(k, limit);
        int err;
        if (near == 0 && k == 0 && 2 * b[q] <= -n[q]) {
            err = (merr & 1) == 1 ? (merr - 1) >> 1 : -(merr >> 1) - 1;
        } else {
            err = (merr & 1) == 0 ? merr >> 1 : -((merr + 1) >> 1);
        }
        b[q] += err * (2 * near + 1);
        a[q] += Math.abs(err);
        if (n[q] == reset) {
            a[q] >>= 1;
            b[q] >>= 1;
            n[q] >>= 1;
        }
        n[q]++;
        if (b[q] <= -n[q]) {
            b[q] += n[q];
            if (c[q] > -128) {
                c[q]--;
            }
            if (b[q] <= -n[q]) {
                b[q] = -n[q] + 1;
            }
        } else if (b[q] > 0) {
            b[q] -= n[q];
            if (c[q] < 127) {
                c[q]++;
            }
            if (b[q] > 0) {
                b[q] = 0;
            }
        }
        return reconstruct(px + sign * err * (2 * near + 1), mv);
    }

    /** Decodes a run starting at column x; returns the column after the run (and its interruption sample). */
    private int runMode(int[] curr, int[] prev, int x, int mv) {
        int ra = curr[x];
        int index = x;
        boolean ended = false;
        while (bit() == 1) {
            int count = Math.min(1 << J[runIndex], width - index);
            for (int i = 0; i < count; i++) {
                curr[index + 1 + i] = ra;
            }
            index += count;
            if (count == 1 << J[runIndex] && runIndex < 31) {
                runIndex++;
            }
            if (index == width) {
                ended = true;
                break;
            }
        }
        if (ended) {
            return index;
        }
        int count = J[runIndex] > 0 ? bits(J[runIndex]) : 0;
        if (index + count > width) {
            throw new IllegalArgumentException("corrupt JPEG-LS data: run past the end of the line");
        }
        for (int i = 0; i < count; i++) {
            curr[index + 1 + i] = ra;
        }
        index += count;
        if (index == width) {
            return index;
        }
        int rb = prev[index + 1];
        int riType = Math.abs(ra - rb) <= near ? 1 : 0;
        int q = 365 + riType;
        int temp = riType == 0 ? a[q] : a[q] + (n[q] >> 1);
        int k = 0;
        while ((n[q] << k) < temp && k < 24) {
            k++;
        }
        int emerr = golomb(k, limit - J[runIndex] - 1);
        int t = emerr + riType;
        int map = t & 1;
        int errAbs = (t + map) / 2;
        int err = ((k != 0 || 2 * nn[riType] >= n[q]) ? 1 : 0) == map ? -errAbs : errAbs;
        int value;
        if (riType == 1) {
            value = reconstruct(ra + err * (2 * near + 1), mv);
        } else {
            value = reconstruct(rb + err * (2 * near + 1) * (rb - ra >= 0 ? 1 : -1), mv);
        }
        if (err < 0) {
            nn[riType]++;
        }
        a[q] += (emerr + 1 - riType) >> 1;
        if (n[q] == reset) {
            a[q] >>= 1;
            n[q] >>= 1;
            nn[riType] >>= 1;
        }
        n[q]++;
        curr[index + 1] = value;
        if (runIndex > 0) {
            runIndex--;
        }
        return index + 1;
    }

    private int reconstruct(int value, int mv) {
        int scale = range * (2 * near + 1);
        if (value < -near) {
            value += scale;
        } else if (value > mv + near) {
            value -= scale;
        }
        return Math.max(0, Math.min(mv, value));
    }

    private int quantize(int d) {
        if (d <= -t3) {
            return -4;
        } else if (d <= -t2) {
            return -3;
        } else if (d <= -t1) {
            return -2;
        } else if (d < -near) {
            return -1;
        } else if (d <= near) {
            return 0;
        } else if (d < t1) {
            return 1;
        } else if (d < t2) {
            return 2;
        } else if (d < t3) {
            return 3;
        }
        return 4;
    }

    /** Default thresholds of T.87 C.2.4.1.1 unless a preset (LSE) marker gave them. */
    private void thresholds(int mv) {
        if (t1 > 0 && t2 > 0 && t3 > 0) {
            return;
        }
        if (mv >= 128) {
            int factor = (Math.min(mv, 4095) + 128) / 256;
            t1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, mv);
            t2 = clamp(factor * (7 - 3) + 3 + 5 * near, t1, mv);
            t3 = clamp(factor * (21 - 4) + 4 + 7 * near, t2, mv);
        } else {
            int factor = 256 / (mv + 1);
            t1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1, mv);
            t2 = clamp(Math.max(3, 7 / factor + 5 * near), t1, mv);
            t3 = clamp(Math.max(4, 21 / factor + 7 * near), t2, mv);
        }
    }

    private static int clamp(int v, int low, int high) {
        return v > high || v < low ? low : v;
    }

    private static int bitLength(int v) {
        int bits = 0;
        while ((1 << bits) < v) {
            bits++;
        }
        return bits;
    }

    private int golomb(int k, int limitValue) {
        int high = 0;
        while (bit() == 0) {
            high++;
            if (high > 64) {
                throw new IllegalArgumentException("corrupt JPEG-LS data: unary code too long");
            }
        }
        if (high >= limitValue - (qbpp + 1)) {
            return bits(qbpp) + 1;
        }
        return k == 0 ? high : (high << k) | bits(k);
    }

    private int bits(int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    /** After an 0xFF byte the next byte carries only 7 data bits (T.87 A.1). */
    private int bit() {
        if (bitCount == 0) {
            if (pos >= in.length) {
                throw new IllegalArgumentException("JPEG-LS frame is truncated");
            }
            int value = in[pos++] & 0xFF;
            bitCount = afterFf ? 7 : 8;
            bitBuffer = value;
            afterFf = value == 0xFF;
        }
        bitCount--;
        return (bitBuffer >>> bitCount) & 1;
    }

    private void alignToMarker() {
        bitCount = 0;
        while (pos + 1 < in.length && !((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) >= 0x80)) {
            pos++;
        }
    }

    private int nextMarker() {
        while (pos + 1 < in.length) {
            if ((in[pos] & 0xFF) == 0xFF && (in[pos + 1] & 0xFF) >= 0xC0 && (in[pos + 1] & 0xFF) != 0xFF) {
                int marker = in[pos + 1] & 0xFF;
                pos += 2;
                return marker;
            }
            pos++;
        }
        return 0xD9;
    }

    private int u8() {
        if (pos >= in.length) {
            throw new IllegalArgumentException("JPEG-LS frame is truncated");
        }
        return in[pos++] & 0xFF;
    }

    private int u16() {
        return u8() << 8 | u8();
    }
}
