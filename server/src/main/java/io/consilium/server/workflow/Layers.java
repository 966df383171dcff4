package io.consilium.server.workflow;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Per-pixel layers (one byte per pixel) are mostly runs of equal values: deflated before they are stored. */
final class Layers {

    private Layers() {
    }

    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            var out = new ByteArrayOutputStream(Math.max(64, raw.length / 16));
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Inflates a layer of exactly {@code pixels} bytes; anything else is a corrupt row, reported as such. */
    static byte[] inflate(byte[] stored, int pixels) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored);
            byte[] raw = new byte[pixels];
            int n = 0;
            while (n < pixels && !inflater.finished()) {
                int read = inflater.inflate(raw, n, pixels - n);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += read;
            }
            if (n != pixels || !inflater.finished()) {
                throw new IllegalStateException("stored layer does not hold " + pixels + " pixels");
            }
            return raw;
        } catch (DataFormatException e) {
            throw new IllegalStateException("stored layer is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
