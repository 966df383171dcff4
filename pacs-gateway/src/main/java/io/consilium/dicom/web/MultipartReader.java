package io.consilium.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body (RFC 2046 5.1, RFC 2387) part by part as it arrives: each part is a
 * stream that ends at the next boundary, so a whole study never sits in memory. A body that ends before the
 * closing boundary, or whose boundaries or headers are malformed, fails with {@link MalformedMultipartException}.
 */
public final class MultipartReader implements AutoCloseable {

    private static final int MAX_HEADER_BYTES = 16 << 10;
    private static final int MAX_BOUNDARY = 200;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean finished;
    private PartStream current;

    /** One body part: its headers (names in lower case) and its content, valid until the next call to next(). */
    public record Part(Map<String, String> headers, InputStream body) {

        /** The part's Content-Type; RFC 2046 5.1 defaults it to text/plain, which DICOMweb never sends. */
        public ContentType contentType() {
            String value = headers.get("content-type");
            return value == null ? null : ContentType.parse(value);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A malformed or truncated multipart body. */
    public static final class MalformedMultipartException extends DicomWebException {
        MalformedMultipartException(String message) {
            super(message);
        }
    }

    public MultipartReader(InputStream in, String boundary) {
        // RFC 2046 allows 70 characters; Orthanc sends 73, so be liberal up to a sane bound.
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new MalformedMultipartException("the multipart boundary must have 1 to " + MAX_BOUNDARY
                    + " characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(1 << 16, delimiter.length * 4)];
        // The first boundary may open the body without a preceding CRLF: pretend there was one.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        current = new PartStream(); // the preamble, discarded
    }

    /** Reads a body whose boundary is in the Content-Type header. */
    public static MultipartReader of(InputStream in, ContentType contentType) {
        if (!contentType.type().startsWith("multipart/")) {
            throw new MalformedMultipartException("expected a multipart body, got " + contentType.type());
        }
        return new MultipartReader(in, contentType.parameter("boundary"));
    }

    /** The next part, or null after the closing boundary. Skips what is left of the previous part. */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        current.skipRest();
        pos += delimiter.length;
        require(2);
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        while (true) {
            require(1);
            if (buf[pos] != ' ' && buf[pos] != '\t') {
                break;
            }
            pos++;
        }
        require(2);
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new MalformedMultipartException("a boundary line must end with CRLF");
        }
        pos += 2;
        Map<String, String> headers = readHeaders();
        current = new PartStream();
        return new Part(headers, current);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("part headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new MalformedMultipartException("'" + abbreviate(line) + "' is not a part header");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private String readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < lim; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    String line = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    return line;
                }
            }
            if (lim - pos >= MAX_HEADER_BYTES) {
                throw new MalformedMultipartException("a part header line exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            if (eof) {
                throw truncated();
            }
            fill();
        }
    }

    /** Makes at least n bytes available at pos, or fails as truncated. */
    private void require(int n) throws IOException {
        while (lim - pos < n) {
            if (eof) {
                throw truncated();
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            return;
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    /** Bytes of the current part available at pos before the next delimiter; 0 when the delimiter is at pos. */
    private int bodyAvailable() throws IOException {
        while (true) {
            int last = lim - delimiter.length;
            for (int i = pos; i <= last; i++) {
                if (buf[i] == '\r' && matches(i)) {
                    return i - pos;
                }
            }
            if (last + 1 > pos) {
                return last + 1 - pos;
            }
            if (eof) {
                throw truncated();
            }
            fill();
        }
    }

    private boolean matches(int at) {
        for (int j = 1; j < delimiter.length; j++) {
            if (buf[at + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    private static MalformedMultipartException truncated() {
        return new MalformedMultipartException("the multipart body ended before its closing boundary (truncated)");
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int available = bodyAvailable();
            if (available == 0) {
                done = true;
                return -1;
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            while (!done) {
                int available = bodyAvailable();
                if (available == 0) {
                    done = true;
                } else {
                    pos += available;
                }
            }
        }
    }
}
