package io.consilium.dicom.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, each segment PackBits-encoded. */
public final class RleDecoder {

    private RleDecoder() {
    }

    /**
     * Decodes one frame into its byte planes: segment {@code sample * bytesPerSample + k} (k = 0 the most
     * significant byte) occupies bytes {@code [segment * pixels, (segment + 1) * pixels)}.
     */
    public static byte[] decode(byte[] frame, int pixels, int samples, int bytesPerSample) {
        if (frame.length < 64) {
            throw new IllegalArgumentException("RLE frame of " + frame.length + " bytes has no 64-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        int segments = header.getInt(0);
        int expected = samples * bytesPerSample;
        if (segments != expected) {
            throw new IllegalArgumentException("RLE header lists " + segments + " segments, the image needs "
                    + expected);
        }
        byte[] out = new byte[pixels * segments];
        for (int s = 0; s < segments; s++) {
            long start = header.getInt(4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < segments ? header.getInt(8 + 4 * s) & 0xFFFFFFFFL : frame.length;
            if (start < 64 || end > frame.length || start > end) {
                throw new IllegalArgumentException("RLE segment " + (s + 1) + " offset " + start + " is outside the "
                        + frame.length + "-byte frame");
            }
            unpack(frame, (int) start, (int) end, out, s * pixels, pixels);
        }
        return out;
    }

    /** PackBits: n in 0..127 copies n+1 literal bytes, n in -127..-1 repeats the next byte 1-n times. */
    private static void unpack(byte[] in, int from, int to, byte[] out, int at, int count) {
        int written = 0;
        int i = from;
        while (written < count && i < to) {
            int n = in[i++];
            if (n >= 0) {
                int len = Math.min(n + 1, Math.min(count - written, to - i));
                System.arraycopy(in, i, out, at + written, len);
                i += n + 1;
                written += len;
            } else if (n != -128) {
                if (i >= to) {
                    break;
                }
                int len = Math.min(1 - n, count - written);
                java.util.Arrays.fill(out, at + written, at + written + len, in[i++]);
                written += len;
            }
        }
        if (written < count) {
            throw new IllegalArgumentException("RLE segment decodes to " + written + " of " + count + " bytes");
        }
    }
}
