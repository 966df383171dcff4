package io.consilium.server.fhir;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A FHIR response whose body reaches the network when the container's buffer fills or the response is complete,
 * never on the encoder's flushes. HAPI's JSON encoder writes numbers through a Jackson {@code ObjectMapper} that
 * flushes after every value, and on Quarkus each servlet flush is a blocking hand-over to the event loop and a
 * socket write: an ImagingStudy with six instances went out in a dozen chunks. The writer ignores those flushes
 * too: each one encoded the few characters since the last into bytes and handed them to the container's stream,
 * a tenth of the encoding's time.
 */
final class FlushOnCloseResponse extends HttpServletResponseWrapper {

    private ServletOutputStream stream;
    private FlushOnCloseWriter writer;

    FlushOnCloseResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was already called on this response");
        }
        if (stream == null) {
            stream = new FlushOnClose(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was already called on this response");
            }
            writer = new FlushOnCloseWriter(new OutputStreamWriter(new FlushOnClose(super.getOutputStream()),
                    getCharacterEncoding()));
        }
        return writer;
    }

    /** Hands what the writer still holds to the container, which sends it when the request completes. */
    void finish() {
        if (writer != null) {
            writer.finish();
        }
    }

    /** The response's writer, whose characters become bytes when its buffer fills, on close or {@link #finish}. */
    private static final class FlushOnCloseWriter extends PrintWriter {

        FlushOnCloseWriter(Writer target) {
            super(target);
        }

        @Override
        public void flush() {
            // Deliberately nothing: see the class comment.
        }

        void finish() {
            super.flush();
        }
    }

    /** The container's stream, with flush left to the container and to close. */
    private static final class FlushOnClose extends ServletOutputStream {

        private final ServletOutputStream target;

        FlushOnClose(ServletOutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            // Deliberately nothing: see the class comment.
        }

        @Override
        public void close() throws IOException {
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }
}
