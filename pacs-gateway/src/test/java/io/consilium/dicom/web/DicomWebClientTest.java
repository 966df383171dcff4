package io.consilium.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.SyntheticSeries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP behaviour against a scripted server: credentials, timeouts, partial STOW answers. */
class DicomWebClientTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Handler handler;

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            handler.handle(exchange);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
    }

    @Test
    void sendsAFreshBearerTokenOrBasicCredentialsWithEveryRequest() {
        handler = exchange -> answer(exchange, 200, ContentType.DICOM_JSON, "[]");
        AtomicInteger issued = new AtomicInteger();
        var bearer = DicomWebClient.builder(base()).bearerToken(() -> "token-" + issued.incrementAndGet()).build();
        bearer.searchForStudies(QidoQuery.create());
        bearer.searchForStudies(QidoQuery.create());
        DicomWebClient.builder(base()).basicAuth("int1", "secret").build().searchForStudies(QidoQuery.create());

        assertThat(authorizations).containsExactly("Bearer token-1", "Bearer token-2", "Basic aW50MTpzZWNyZXQ=");
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutWithAClearError() {
        handler = exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        var client = DicomWebClient.builder(base()).requestTimeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> client.searchForStudies(QidoQuery.create()))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("no answer within");
    }

    @Test
    void anInstanceTheStowAnswerDoesNotMentionCountsAsFailed() throws IOException {
        List<DicomFile> series = SyntheticSeries.ct("1.2.826.0.1.3680043.8.498.77", 2, 4, 1, 1);
        List<byte[]> instances = series.stream().map(DicomWebClientTest::bytes).toList();
        String stored = series.get(0).dataset().string(DicomWebClientOrthancTest.SOP_INSTANCE_UID);
        handler = exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 202, ContentType.DICOM_JSON, "[{\"00081199\":{\"vr\":\"SQ\",\"Value\":[{"
                    + "\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + stored + "\"]}}]}}]");
        };

        StowResult result = DicomWebClient.builder(base()).build().storeBytes(null, instances);

        assertThat(result.httpStatus()).isEqualTo(202);
        assertThat(result.outcomes()).extracting(StowResult.InstanceOutcome::outcome)
                .containsExactly(StowResult.Outcome.STORED, StowResult.Outcome.FAILED);
        assertThat(result.allStored()).isFalse();
    }

    @Test
    void aRetrieveAnswerThatIsNotMultipartIsRefused() {
        handler = exchange -> answer(exchange, 200, "text/html", "<html>login</html>");
        assertThatThrownBy(() -> DicomWebClient.builder(base()).build()
                .retrieveStudy("1.2.3", null, (ts, in) -> { }))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("not multipart/related");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static byte[] bytes(DicomFile file) {
        var out = new ByteArrayOutputStream();
        try {
            file.write(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
