package io.consilium.server.retrieval;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Orthanc that scripts/orthanc.sh starts for the tests, with helpers to fill it and to stop it. */
public final class TestPacs {

    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestPacs() {
    }

    public static String url() {
        return required("CONSILIUM_TEST_ORTHANC_URL");
    }

    public static int dicomPort() {
        return Integer.parseInt(required("CONSILIUM_TEST_ORTHANC_DICOM_PORT"));
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: these tests need the Orthanc that "
                    + "scripts/orthanc.sh starts (scripts/test.sh does this for you)");
        }
        return value;
    }

    /** Configuration pointing the server's PACS at the test Orthanc. */
    public static Map<String, String> properties() {
        return Map.of("consilium.pacs.aet", required("CONSILIUM_TEST_ORTHANC_AET"),
                "consilium.pacs.host", "127.0.0.1",
                "consilium.pacs.port", Integer.toString(dicomPort()),
                "consilium.retrieval.initial-backoff", "500ms",
                "consilium.retrieval.max-backoff", "4s",
                "consilium.retrieval.max-attempts", "10");
    }

    static String send(String method, String path, byte[] body) throws IOException, InterruptedException {
        try {
            return sendOnce(method, path, body);
        } catch (IOException e) {
            // Orthanc drops idle keep-alive connections; one retry on a fresh connection.
            return sendOnce(method, path, body);
        }
    }

    private static String sendOnce(String method, String path, byte[] body) throws IOException, InterruptedException {
        var rsp = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (rsp.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + rsp.statusCode() + " " + rsp.body());
        }
        return rsp.body();
    }

    /** Uploads instances to Orthanc through its REST API, as a modality would have sent them. */
    public static void upload(List<DicomFile> instances) throws IOException, InterruptedException {
        for (DicomFile file : instances) {
            var out = new ByteArrayOutputStream();
            file.write(out);
            send("POST", "/instances", out.toByteArray());
        }
    }

    public static void registerModality(String aet, int port) throws IOException, InterruptedException {
        send("PUT", "/modalities/" + aet, ("{\"AET\":\"" + aet + "\",\"Host\":\"127.0.0.1\",\"Port\":" + port + "}")
                .getBytes());
    }

    /** Uploads a CT study of {@code slices} instances; returns their SOP Instance UIDs. */
    static List<String> uploadCt(String studyUid, int slices, int size) throws IOException, InterruptedException {
        return upload(studyUid, slices, size, "CT", "20260101");
    }

    /** Uploads a one-series CT or MR study of {@code slices} instances; returns their SOP Instance UIDs. */
    static List<String> upload(String studyUid, int slices, int size, String modality, String studyDate)
            throws IOException, InterruptedException {
        String sopClass = Map.of("CT", CT, "MR", MR).get(modality);
        List<String> uids = new ArrayList<>();
        List<DicomFile> files = new ArrayList<>();
        for (int z = 0; z < slices; z++) {
            String sop = studyUid + ".1." + (z + 1);
            var ds = new Dataset();
            ds.putString(new Tag(0x0008, 0x0016), VR.UI, sopClass);
            ds.putString(new Tag(0x0008, 0x0018), VR.UI, sop);
            ds.putString(new Tag(0x0008, 0x0020), VR.DA, studyDate);
            ds.putString(new Tag(0x0008, 0x0060), VR.CS, modality);
            ds.putString(new Tag(0x0010, 0x0010), VR.PN, "Retrieval^Test");
            ds.putString(new Tag(0x0010, 0x0020), VR.LO, "RT1");
            ds.putString(new Tag(0x0020, 0x000D), VR.UI, studyUid);
            ds.putString(new Tag(0x0020, 0x000E), VR.UI, studyUid + ".1");
            ds.putString(new Tag(0x0020, 0x0011), VR.IS, "1");
            ds.putString(new Tag(0x0020, 0x0013), VR.IS, Integer.toString(z + 1));
            ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
            ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
            ds.putInts(new Tag(0x0028, 0x0010), VR.US, size);
            ds.putInts(new Tag(0x0028, 0x0011), VR.US, size);
            ds.putInts(new Tag(0x0028, 0x0100), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0101), VR.US, 16);
            ds.putInts(new Tag(0x0028, 0x0102), VR.US, 15);
            ds.putInts(new Tag(0x0028, 0x0103), VR.US, 0);
            byte[] pixels = new byte[size * size * 2];
            for (int i = 0; i < pixels.length; i += 2) {
                pixels[i] = (byte) (i / 2 + z);
            }
            ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OW, pixels));
            files.add(new DicomFile(FileMetaInformation.create(sopClass, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
                    ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            uids.add(sop);
        }
        upload(files);
        return uids;
    }

    /** Runs scripts/orthanc.sh (stop / start) with the test environment; storage persists. */
    static void script(String action) throws IOException, InterruptedException {
        Path script = Path.of("..", "scripts", "orthanc.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(script.toString(), action).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("scripts/orthanc.sh " + action + " failed");
        }
    }
}
