package io.consilium.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    @Test
    void readsWhatTheWriterWroteEvenInOneByteReads() throws IOException {
        byte[][] bodies = {random(1, 200_000), new byte[0], random(2, 5), "\r\n--almost-the-boundary".getBytes()};
        var out = new ByteArrayOutputStream();
        var writer = new MultipartWriter(out, "almost-the-boundary-xyz");
        for (byte[] body : bodies) {
            writer.part(ContentType.DICOM, body);
        }
        writer.finish();

        for (InputStream in : List.of(new ByteArrayInputStream(out.toByteArray()),
                trickle(new ByteArrayInputStream(out.toByteArray())))) {
            List<byte[]> parts = readAll(new MultipartReader(in, "almost-the-boundary-xyz"));
            assertThat(parts).hasSize(bodies.length);
            for (int i = 0; i < bodies.length; i++) {
                assertThat(parts.get(i)).isEqualTo(bodies[i]);
            }
        }
    }

    @Test
    void acceptsTheOverlongBoundariesOrthancSends() throws IOException {
        String boundary = UUID_LIKE + "-" + UUID_LIKE;
        var out = new ByteArrayOutputStream();
        var writer = new MultipartWriter(out, boundary);
        writer.part(ContentType.DICOM, new byte[] {1, 2, 3});
        writer.finish();
        assertThat(readAll(new MultipartReader(new ByteArrayInputStream(out.toByteArray()), boundary)))
                .singleElement().isEqualTo(new byte[] {1, 2, 3});
    }

    private static final String UUID_LIKE = "c1a937ab-6e51-4e48-b090-8c222ff7dc81";

    @Test
    void skipsPreambleEpilogueAndUnreadParts() throws IOException {
        String body = "preamble\r\n--b\r\nContent-Type: application/dicom\r\nX-Extra: 1\r\n\r\nfirst\r\n"
                + "--b  \r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\nsecond\r\n"
                + "--b--\r\nepilogue";
        var reader = new MultipartReader(new ByteArrayInputStream(body.getBytes()), "b");
        MultipartReader.Part first = reader.next();
        assertThat(first.header("X-Extra")).isEqualTo("1");
        MultipartReader.Part second = reader.next();
        assertThat(second.contentType().parameter("transfer-syntax")).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(new String(second.body().readAllBytes())).isEqualTo("second");
        assertThat(first.body().read()).isEqualTo(-1);
        assertThat(reader.next()).isNull();
    }

    @Test
    void truncatedAndMalformedBodiesFailLoudly() {
        String truncated = "--b\r\nContent-Type: application/dicom\r\n\r\nhalf an instance";
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(truncated.getBytes()), "b")))
                .isInstanceOf(MultipartReader.MalformedMultipartException.class).hasMessageContaining("truncated");
        String noClose = "--b\r\nContent-Type: application/dicom\r\n\r\nwhole\r\n--b";
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(noClose.getBytes()), "b")))
                .hasMessageContaining("truncated");
        String badHeader = "--b\r\nthis is no header\r\n\r\nx\r\n--b--";
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(badHeader.getBytes()), "b")))
                .hasMessageContaining("is not a part header");
        String noBoundary = "just some bytes without any boundary";
        assertThatThrownBy(() -> readAll(new MultipartReader(new ByteArrayInputStream(noBoundary.getBytes()), "b")))
                .hasMessageContaining("truncated");
        String garbageAfterBoundary = "--bX\r\n\r\nx\r\n--b--";
        assertThatThrownBy(() -> readAll(new MultipartReader(
                new ByteArrayInputStream(garbageAfterBoundary.getBytes(StandardCharsets.ISO_8859_1)), "b")))
                .hasMessageContaining("CRLF");
    }

    @Test
    void parsesMediaTypesWithQuotedParameters() {
        ContentType type = ContentType.parse(
                "Multipart/Related; type=\"application/dicom\"; boundary=\"a;b\"; transfer-syntax=*");
        assertThat(type.type()).isEqualTo("multipart/related");
        assertThat(type.parameter("TYPE")).isEqualTo("application/dicom");
        assertThat(type.parameter("boundary")).isEqualTo("a;b");
        assertThat(type.parameter("transfer-syntax")).isEqualTo("*");
        assertThat(ContentType.parseList("application/dicom+json, multipart/related; type=\"application/dicom\";q=0.5"))
                .extracting(ContentType::type, ContentType::quality)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("application/dicom+json", 1.0),
                        org.assertj.core.groups.Tuple.tuple("multipart/related", 0.5));
        assertThatThrownBy(() -> ContentType.parse("not a type")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<byte[]> readAll(MultipartReader reader) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        for (var part = reader.next(); part != null; part = reader.next()) {
            parts.add(part.body().readAllBytes());
        }
        return parts;
    }

    private static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A network that hands over one byte at a time. */
    private static InputStream trickle(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
