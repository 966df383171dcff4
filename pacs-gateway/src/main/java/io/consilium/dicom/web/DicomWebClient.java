package io.consilium.dicom.web;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.DicomParseException;
import io.consilium.dicom.Tag;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A DICOMweb client (PS3.18): QIDO-RS search, WADO-RS retrieve and STOW-RS store against one origin server,
 * e.g. {@code https://pacs.example.org/dicom-web}. Retrieved studies are handed over instance by instance as
 * they stream in; uploads stream from the files. Thread-safe.
 */
public final class DicomWebClient {

    private static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    private static final Tag RETRIEVE_URL = new Tag(0x0008, 0x1190);
    private static final Tag WARNING_REASON = new Tag(0x0008, 0x1196);
    private static final Tag FAILURE_REASON = new Tag(0x0008, 0x1197);
    private static final Tag FAILED_SOP_SEQUENCE = new Tag(0x0008, 0x1198);
    private static final Tag REFERENCED_SOP_SEQUENCE = new Tag(0x0008, 0x1199);
    private static final Tag REFERENCED_SOP_INSTANCE_UID = new Tag(0x0008, 0x1155);

    private final HttpClient http;
    private final String base;
    private final Supplier<String> authorization;
    private final Duration requestTimeout;

    /** Receives each retrieved instance as it arrives; the stream is valid only during the call. */
    @FunctionalInterface
    public interface InstanceHandler {
        /**
         * @param transferSyntaxUid the part's transfer-syntax parameter, or null when the server did not say
         *                          (the Part 10 meta information says it then)
         */
        void instance(String transferSyntaxUid, InputStream part10) throws IOException;
    }

    private DicomWebClient(Builder builder) {
        this.base = builder.baseUri.toString().replaceAll("/+$", "");
        this.authorization = builder.authorization;
        this.requestTimeout = builder.requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** @param baseUri the service root, e.g. {@code http://127.0.0.1:8042/dicom-web} */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    public static final class Builder {
        private final URI baseUri;
        private Supplier<String> authorization = () -> null;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofMinutes(2);

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** Bearer token (OAuth 2 / OIDC access token), asked for before every request so it may be refreshed. */
        public Builder bearerToken(Supplier<String> token) {
            this.authorization = () -> "Bearer " + token.get();
            return this;
        }

        public Builder basicAuth(String user, String password) {
            String credentials = Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            this.authorization = () -> "Basic " + credentials;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long to wait for the response headers of one request (a retrieval may stream for longer). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public DicomWebClient build() {
            return new DicomWebClient(this);
        }
    }

    // ---- QIDO-RS ----

    public List<Dataset> searchForStudies(QidoQuery query) {
        return search("/studies", query);
    }

    /** Series of one study, or of all studies when {@code studyInstanceUid} is null. */
    public List<Dataset> searchForSeries(String studyInstanceUid, QidoQuery query) {
        return search(studyInstanceUid == null ? "/series" : "/studies/" + uid(studyInstanceUid) + "/series", query);
    }

    /** Instances of one series, of one study (series null), or of all studies (both null). */
    public List<Dataset> searchForInstances(String studyInstanceUid, String seriesInstanceUid, QidoQuery query) {
        String path = studyInstanceUid == null ? "/instances"
                : seriesInstanceUid == null ? "/studies/" + uid(studyInstanceUid) + "/instances"
                : "/studies/" + uid(studyInstanceUid) + "/series/" + uid(seriesInstanceUid) + "/instances";
        return search(path, query);
    }

    private List<Dataset> search(String path, QidoQuery query) {
        String q = query.toQueryString();
        HttpRequest request = request(path + (q.isEmpty() ? "" : "?" + q), ContentType.DICOM_JSON).GET().build();
        HttpResponse<InputStream> response = send("QIDO-RS", request);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 204) {
                return List.of();
            }
            expectType("QIDO-RS", request, response, ContentType.DICOM_JSON, "application/json");
            return DicomJson.read(body, DicomJson.BulkDataLoader.REFUSE);
        } catch (IOException e) {
            throw failure("QIDO-RS", request, e);
        }
    }

    // ---- WADO-RS ----

    /**
     * Retrieves every instance of a study, handing each to {@code handler} as it arrives.
     *
     * @param transferSyntax the transfer syntax UID to ask for, {@code *} for any the server holds, or null for
     *                       the standard default (Explicit VR Little Endian)
     * @return the number of instances received
     */
    public int retrieveStudy(String studyInstanceUid, String transferSyntax, InstanceHandler handler) {
        return retrieve("/studies/" + uid(studyInstanceUid), transferSyntax, handler);
    }

    public int retrieveSeries(String studyInstanceUid, String seriesInstanceUid, String transferSyntax,
            InstanceHandler handler) {
        return retrieve("/studies/" + uid(studyInstanceUid) + "/series/" + uid(seriesInstanceUid), transferSyntax,
                handler);
    }

    /** One instance's Part 10 bytes. */
    public byte[] retrieveInstance(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
            String transferSyntax) {
        List<byte[]> parts = new ArrayList<>();
        retrieve(instancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid), transferSyntax,
                (syntax, in) -> parts.add(in.readAllBytes()));
        if (parts.size() != 1) {
            throw new DicomWebException("WADO-RS instance " + sopInstanceUid + ": expected 1 part, got " + parts.size());
        }
        return parts.get(0);
    }

    private int retrieve(String path, String transferSyntax, InstanceHandler handler) {
        String accept = ContentType.MULTIPART_RELATED + "; type=\"" + ContentType.DICOM + "\""
                + (transferSyntax == null ? "" : "; transfer-syntax=" + transferSyntax);
        HttpRequest request = request(path, accept).GET().build();
        HttpResponse<InputStream> response = send("WADO-RS", request);
        int count = 0;
        try (MultipartReader reader = multipart("WADO-RS", request, response)) {
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                ContentType type = part.contentType();
                if (type == null || !type.is(ContentType.DICOM)) {
                    throw new DicomWebException("WADO-RS " + request.uri() + ": part " + (count + 1) + " is "
                            + (type == null ? "untyped" : type.type()) + ", not " + ContentType.DICOM);
                }
                handler.instance(type.parameter("transfer-syntax"), part.body());
                count++;
            }
        } catch (IOException e) {
            throw failure("WADO-RS", request, e);
        }
        return count;
    }

    /**
     * Metadata of a study, series (non-null) or instance (both non-null), as data sets.
     *
     * @param withBulkData fetch every BulkDataURI (pixel data included); false leaves those elements out
     */
    public List<Dataset> retrieveMetadata(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
            boolean withBulkData) {
        String path = sopInstanceUid != null ? instancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid)
                : seriesInstanceUid != null ? "/studies/" + uid(studyInstanceUid) + "/series/" + uid(seriesInstanceUid)
                : "/studies/" + uid(studyInstanceUid);
        HttpRequest request = request(path + "/metadata", ContentType.DICOM_JSON).GET().build();
        HttpResponse<InputStream> response = send("WADO-RS", request);
        try (InputStream body = response.body()) {
            expectType("WADO-RS", request, response, ContentType.DICOM_JSON, "application/json");
            return DicomJson.read(body, withBulkData ? this::retrieveBulkData : DicomJson.BulkDataLoader.OMIT);
        } catch (IOException e) {
            throw failure("WADO-RS", request, e);
        }
    }

    /**
     * Frames of an instance (1-based numbers), each as its pixel bytes: native little-endian pixels for an
     * uncompressed syntax, the compressed frame otherwise.
     */
    public List<byte[]> retrieveFrames(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
            String transferSyntax, int... frames) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("name at least one frame");
        }
        var list = new StringBuilder();
        for (int frame : frames) {
            list.append(list.isEmpty() ? "" : ",").append(frame);
        }
        String accept = ContentType.MULTIPART_RELATED + "; type=\"" + ContentType.OCTET_STREAM + "\""
                + (transferSyntax == null ? "" : "; transfer-syntax=" + transferSyntax);
        return parts(instancePath(studyInstanceUid, seriesInstanceUid, sopInstanceUid) + "/frames/" + list, accept);
    }

    /** The value a BulkDataURI names (absolute, or relative to the service root). */
    public byte[] retrieveBulkData(String uri) {
        List<byte[]> parts = parts(uri, ContentType.MULTIPART_RELATED + "; type=\"" + ContentType.OCTET_STREAM + "\"");
        if (parts.size() != 1) {
            throw new DicomWebException("bulk data " + uri + ": expected 1 part, got " + parts.size());
        }
        return parts.get(0);
    }

    private List<byte[]> parts(String path, String accept) {
        HttpRequest request = request(path, accept).GET().build();
        HttpResponse<InputStream> response = send("WADO-RS", request);
        List<byte[]> out = new ArrayList<>();
        try (MultipartReader reader = multipart("WADO-RS", request, response)) {
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                out.add(part.body().readAllBytes());
            }
        } catch (IOException e) {
            throw failure("WADO-RS", request, e);
        }
        return out;
    }

    // ---- STOW-RS ----

    /** Stores Part 10 files; {@code studyInstanceUid} non-null makes the server refuse instances of other studies. */
    public StowResult store(String studyInstanceUid, List<Path> files) {
        List<String> sopInstanceUids = new ArrayList<>();
        for (Path file : files) {
            try {
                sopInstanceUids.add(DicomFile.read(file).dataset().string(SOP_INSTANCE_UID));
            } catch (IOException | DicomParseException e) {
                throw new DicomWebException("STOW-RS: " + file.getFileName() + " is not a readable DICOM file: "
                        + e.getMessage(), 0, e);
            }
        }
        return store(studyInstanceUid, sopInstanceUids, files.size(), i -> Files.newInputStream(files.get(i)));
    }

    /** Stores Part 10 files held in memory. */
    public StowResult storeBytes(String studyInstanceUid, List<byte[]> instances) {
        List<String> sopInstanceUids = new ArrayList<>();
        for (byte[] instance : instances) {
            try {
                sopInstanceUids.add(DicomFile.read(instance).dataset().string(SOP_INSTANCE_UID));
            } catch (DicomParseException e) {
                throw new DicomWebException("STOW-RS: instance " + (sopInstanceUids.size() + 1)
                        + " is not readable DICOM: " + e.getMessage(), 0, e);
            }
        }
        return store(studyInstanceUid, sopInstanceUids, instances.size(),
                i -> new ByteArrayInputStream(instances.get(i)));
    }

    private interface PartSource {
        InputStream open(int index) throws IOException;
    }

    private StowResult store(String studyInstanceUid, List<String> sopInstanceUids, int count, PartSource source) {
        String boundary = MultipartWriter.newBoundary();
        String contentType = ContentType.MULTIPART_RELATED + "; type=\"" + ContentType.DICOM + "\"; boundary="
                + boundary;
        HttpRequest request = request(studyInstanceUid == null ? "/studies" : "/studies/" + uid(studyInstanceUid),
                ContentType.DICOM_JSON)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> multipartBody(boundary, count, source)))
                .build();
        HttpResponse<InputStream> response = send("STOW-RS", request, 200, 202, 409);
        Dataset answer;
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            List<Dataset> datasets = bytes.length == 0 ? List.of()
                    : DicomJson.read(new ByteArrayInputStream(bytes), DicomJson.BulkDataLoader.REFUSE);
            answer = datasets.isEmpty() ? new Dataset() : datasets.get(0);
        } catch (IOException e) {
            throw failure("STOW-RS", request, e);
        }
        Map<String, StowResult.InstanceOutcome> bySop = new LinkedHashMap<>();
        for (Dataset item : answer.sequence(REFERENCED_SOP_SEQUENCE)) {
            String sop = item.string(REFERENCED_SOP_INSTANCE_UID);
            boolean warned = item.contains(WARNING_REASON);
            bySop.put(sop, new StowResult.InstanceOutcome(sop, warned ? StowResult.Outcome.STORED_WITH_WARNING
                    : StowResult.Outcome.STORED, warned ? item.intValue(WARNING_REASON, 0) : null,
                    item.string(RETRIEVE_URL)));
        }
        for (Dataset item : answer.sequence(FAILED_SOP_SEQUENCE)) {
            String sop = item.string(REFERENCED_SOP_INSTANCE_UID);
            bySop.put(sop, new StowResult.InstanceOutcome(sop, StowResult.Outcome.FAILED,
                    item.contains(FAILURE_REASON) ? item.intValue(FAILURE_REASON, 0) : null, null));
        }
        List<StowResult.InstanceOutcome> outcomes = new ArrayList<>();
        for (String sop : sopInstanceUids) {
            outcomes.add(bySop.getOrDefault(sop, new StowResult.InstanceOutcome(sop, StowResult.Outcome.FAILED,
                    null, null)));
        }
        return new StowResult(response.statusCode(), Collections.unmodifiableList(outcomes));
    }

    /** The multipart body, opened part by part as the upload proceeds. */
    private static InputStream multipartBody(String boundary, int count, PartSource source) {
        var streams = new java.util.Enumeration<InputStream>() {
            int index;
            boolean head = true;

            @Override
            public boolean hasMoreElements() {
                return index <= count;
            }

            @Override
            public InputStream nextElement() {
                if (index == count) {
                    index++;
                    return ascii("--" + boundary + "--\r\n");
                }
                if (head) {
                    head = false;
                    return ascii((index == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: "
                            + ContentType.DICOM + "\r\n\r\n");
                }
                head = true;
                try {
                    InputStream part = source.open(index++);
                    return index == count ? new SequenceInputStream(part, ascii("\r\n")) : part;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        return new SequenceInputStream(streams);
    }

    private static InputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---- HTTP plumbing ----

    private HttpRequest.Builder request(String path, String accept) {
        URI uri = URI.create(path.startsWith("http://") || path.startsWith("https://") ? path : base + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", accept);
        String auth = authorization.get();
        if (auth != null) {
            builder.header("Authorization", auth);
        }
        return builder;
    }

    private HttpResponse<InputStream> send(String service, HttpRequest request, int... accepted) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new DicomWebException(service + " " + request.method() + " " + request.uri()
                    + ": no answer within " + requestTimeout.toSeconds() + " s", 0, e);
        } catch (ConnectException e) {
            throw new DicomWebException(service + " " + request.method() + " " + request.uri()
                    + ": cannot connect (" + e.getMessage() + ")", 0, e);
        } catch (IOException e) {
            throw failure(service, request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomWebException(service + " " + request.uri() + ": interrupted", 0, e);
        }
        int status = response.statusCode();
        boolean ok = accepted.length == 0 ? status / 100 == 2
                : java.util.Arrays.stream(accepted).anyMatch(a -> a == status);
        if (!ok) {
            String detail = "";
            try (InputStream body = response.body()) {
                byte[] head = body.readNBytes(300);
                detail = new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
            } catch (IOException ignored) {
                // the status alone explains the failure
            }
            throw new DicomWebException(service + " " + request.method() + " " + request.uri() + " answered "
                    + status + (detail.isEmpty() ? "" : ": " + detail), status, null);
        }
        return response;
    }

    private static MultipartReader multipart(String service, HttpRequest request, HttpResponse<InputStream> response) {
        String header = response.headers().firstValue("Content-Type").orElse("");
        ContentType type;
        try {
            type = ContentType.parse(header);
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(service + " " + request.uri() + ": unreadable Content-Type '" + header + "'");
        }
        if (!type.is(ContentType.MULTIPART_RELATED) || type.parameter("boundary") == null) {
            throw new DicomWebException(service + " " + request.uri() + " answered " + type.type()
                    + ", not multipart/related with a boundary");
        }
        return new MultipartReader(response.body(), type.parameter("boundary"));
    }

    private static void expectType(String service, HttpRequest request, HttpResponse<InputStream> response,
            String... types) {
        String header = response.headers().firstValue("Content-Type").orElse("");
        for (String type : types) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith(type)) {
                return;
            }
        }
        throw new DicomWebException(service + " " + request.uri() + " answered '" + header + "', expected "
                + types[0], response.statusCode(), null);
    }

    private static DicomWebException failure(String service, HttpRequest request, IOException e) {
        return new DicomWebException(service + " " + request.method() + " " + request.uri() + ": " + e, 0, e);
    }

    private static String instancePath(String study, String series, String sop) {
        return "/studies/" + uid(study) + "/series/" + uid(series) + "/instances/" + uid(sop);
    }

    /** UIDs are digits and dots; anything else would change the path, so it is refused here. */
    private static String uid(String uid) {
        if (uid == null || !uid.matches("[0-9.]{1,64}")) {
            throw new IllegalArgumentException("'" + uid + "' is not a UID");
        }
        return uid;
    }
}
