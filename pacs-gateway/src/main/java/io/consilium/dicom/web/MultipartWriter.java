package io.consilium.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Writes a {@code multipart/related} body part by part, straight to the output (nothing is buffered here). */
public final class MultipartWriter {

    private final OutputStream out;
    private final String boundary;

    public MultipartWriter(OutputStream out, String boundary) {
        this.out = out;
        this.boundary = boundary;
    }

    /** A boundary that cannot occur in DICOM content by chance. */
    public static String newBoundary() {
        return "consilium-" + UUID.randomUUID();
    }

    public String boundary() {
        return boundary;
    }

    public void part(String contentType, byte[] body) throws IOException {
        header(contentType, body.length);
        out.write(body);
        out.write(CRLF);
    }

    public void part(String contentType, InputStream body) throws IOException {
        header(contentType, -1);
        body.transferTo(out);
        out.write(CRLF);
    }

    /** Writes the closing boundary; the caller closes the stream. */
    public void finish() throws IOException {
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void header(String contentType, long length) throws IOException {
        var header = new StringBuilder("--").append(boundary).append("\r\nContent-Type: ").append(contentType);
        if (length >= 0) {
            header.append("\r\nContent-Length: ").append(length);
        }
        out.write(header.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
