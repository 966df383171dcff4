package io.consilium.seg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Binary PPM (P6, RGB) and PGM (P5, gray) files of 8-bit samples, as STARE ships its photographs and vessel
 * masks (the Java image I/O reads neither). Header comments ({@code # ...}) are skipped.
 *
 * @param channels 3 for P6, 1 for P5; samples interleaved, row-major
 */
record PortableAnymap(int width, int height, int channels, byte[] samples) {

    static PortableAnymap read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int[] at = {0};
        String magic = token(bytes, at, file);
        int channels = switch (magic) {
            case "P6" -> 3;
            case "P5" -> 1;
            default -> throw new IOException(file + " is not a binary PPM/PGM file (magic '" + magic + "', expected P6 or P5)");
        };
        int width = number(bytes, at, file, "width");
        int height = number(bytes, at, file, "height");
        int max = number(bytes, at, file, "maximum value");
        if (max != 255) {
            throw new IOException(file + ": only 8-bit samples (maximum 255) are read, this file has maximum " + max);
        }
        int start = at[0] + 1; // one whitespace byte ends the header
        long expected = (long) width * height * channels;
        if (bytes.length - start < expected) {
            throw new IOException(file + " is truncated: a " + width + "x" + height + " image needs " + expected
                    + " bytes of samples, the file has " + Math.max(0, bytes.length - start));
        }
        byte[] samples = new byte[(int) expected];
        System.arraycopy(bytes, start, samples, 0, samples.length);
        return new PortableAnymap(width, height, channels, samples);
    }

    /** Sample c of pixel p, 0..255. */
    int sample(int p, int c) {
        return samples[p * channels + c] & 0xFF;
    }

    private static int number(byte[] bytes, int[] at, Path file, String what) throws IOException {
        String token = token(bytes, at, file);
        try {
            int value = Integer.parseInt(token);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": the header's " + what + " is '" + token + "', not a positive integer");
        }
    }

    private static String token(byte[] bytes, int[] at, Path file) throws IOException {
        int i = at[0];
        while (i < bytes.length) {
            if (bytes[i] == '#') {
                while (i < bytes.length && bytes[i] != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(bytes[i])) {
                i++;
            } else {
                break;
            }
        }
        int start = i;
        while (i < bytes.length && !Character.isWhitespace(bytes[i]) && bytes[i] != '#') {
            i++;
        }
        if (start == i) {
            throw new IOException(file + ": the PPM/PGM header ends early");
        }
        at[0] = i;
        return new String(bytes, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
