package io.consilium.dicom.net;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** The Orthanc that scripts/orthanc.sh starts for the tests, driven through its REST API. */
record Orthanc(String url, int dicomPort, String aeTitle) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Orthanc fromEnvironment() {
        return new Orthanc(required("CONSILIUM_TEST_ORTHANC_URL"),
                Integer.parseInt(required("CONSILIUM_TEST_ORTHANC_DICOM_PORT")), required("CONSILIUM_TEST_ORTHANC_AET"));
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: the Orthanc tests need the PACS that "
                    + "scripts/orthanc.sh starts (scripts/test.sh does this for you)");
        }
        return value;
    }

    RemoteAe ae() {
        return new RemoteAe(aeTitle, "127.0.0.1", dicomPort);
    }

    /** Registers (or re-points) a DICOM peer Orthanc may C-STORE / C-MOVE to. */
    void registerModality(String name, String aeTitle, int port) throws IOException, InterruptedException {
        send("PUT", "/modalities/" + name, "{\"AET\":\"" + aeTitle + "\",\"Host\":\"127.0.0.1\",\"Port\":" + port + "}");
    }

    void upload(Path file) throws IOException, InterruptedException {
        var rsp = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/instances"))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (rsp.statusCode() != 200) {
            throw new IOException("Orthanc refused " + file.getFileName() + ": " + rsp.statusCode() + " " + rsp.body());
        }
    }

    String send(String method, String path, String json) throws IOException, InterruptedException {
        var rsp = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (rsp.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + rsp.statusCode() + " " + rsp.body());
        }
        return rsp.body();
    }
}
