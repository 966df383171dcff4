package io.consilium.server.dicomweb;

import static io.consilium.server.dicomweb.SyntheticCt.PATIENT_ID;
import static io.consilium.server.dicomweb.SyntheticCt.PIXEL_DATA;
import static io.consilium.server.dicomweb.SyntheticCt.SOP_INSTANCE_UID;
import static io.consilium.server.dicomweb.SyntheticCt.pixels;
import static io.consilium.server.dicomweb.SyntheticCt.seriesOf;
import static io.consilium.server.dicomweb.SyntheticCt.sop;
import static io.consilium.server.dicomweb.SyntheticCt.studyOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.web.DicomWebClient;
import io.consilium.dicom.web.QidoQuery;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.security.KeycloakTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orthanc's DICOMweb plugin as the client of our endpoints: it pushes a study to us (STOW-RS), searches us
 * (QIDO-RS) and pulls a study from us (WADO-RS), registered as a remote DICOMweb server through its REST API.
 */
@QuarkusTest
class OrthancAsDicomWebClientTest {

    @TestHTTPResource("dicomweb/")
    URL dicomweb;

    @Inject
    DicomArchive archive;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String orthanc;
    private String peer;

    @BeforeEach
    void registerUsInOrthanc() throws Exception {
        orthanc = System.getenv("CONSILIUM_TEST_ORTHANC_URL");
        if (orthanc == null || orthanc.isBlank()) {
            throw new IllegalStateException("CONSILIUM_TEST_ORTHANC_URL is not set: this test needs the Orthanc that "
                    + "scripts/orthanc.sh starts (scripts/test.sh does this for you)");
        }
        peer = "consilium-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> put = orthanc("PUT", "/dicom-web/servers/" + peer,
                peerDefinition().toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @Test
    void orthancPushesAStudyToUsWithStowRs() throws Exception {
        List<byte[]> study = SyntheticCt.study("PID-" + UUID.randomUUID(), "Push^Pat", "20260401", 3, 24);
        String orthancStudy = null;
        for (byte[] instance : study) {
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/instances"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(instance)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
            orthancStudy = json.readTree(upload.body()).get("ParentStudy").asText();
        }

        HttpResponse<String> stow = orthanc("POST", "/dicom-web/servers/" + peer + "/stow",
                "{\"Resources\": [\"" + orthancStudy + "\"], \"Synchronous\": true}");

        assertThat(stow.statusCode()).as(stow.body()).isEqualTo(200);
        assertThat(archive.study(studyOf(study.get(0)))).hasSize(3);
        for (byte[] sent : study) {
            try (InputStream in = archive.open(sop(sent))) {
                DicomFile arrived = SyntheticCt.readFile(in.readAllBytes());
                assertThat(arrived.dataset().get(PIXEL_DATA).bytes()).isEqualTo(pixels(sent));
            }
        }
    }

    @Test
    void orthancSearchesUsWithQidoRsAndPullsAStudyWithWadoRs() throws Exception {
        String patient = "PID-" + UUID.randomUUID();
        List<byte[]> study = SyntheticCt.study(patient, "Pull^Pat", "20260402", 3, 24);
        study.forEach(instance -> archive.store(instance, "test"));

        HttpResponse<String> qido = orthanc("POST", "/dicom-web/servers/" + peer + "/qido",
                "{\"Uri\": \"/studies\", \"Arguments\": {\"00100020\": \"" + patient + "\"}}");
        assertThat(qido.statusCode()).as(qido.body()).isEqualTo(200);
        JsonNode answer = json.readTree(qido.body());
        assertThat(answer).hasSize(1);
        assertThat(answer.get(0).toString()).contains(studyOf(study.get(0)));

        HttpResponse<String> retrieve = orthanc("POST", "/dicom-web/servers/" + peer + "/retrieve",
                "{\"Resources\": [{\"Study\": \"" + studyOf(study.get(0)) + "\"}], \"Synchronous\": true}");
        assertThat(retrieve.statusCode()).as(retrieve.body()).isEqualTo(200);

        DicomWebClient orthancDicomWeb = DicomWebClient.builder(URI.create(orthanc + "/dicom-web")).build();
        assertThat(orthancDicomWeb.searchForInstances(null, null, QidoQuery.create().match(PATIENT_ID, patient)))
                .extracting(d -> d.string(SOP_INSTANCE_UID))
                .containsExactlyInAnyOrder(sop(study.get(0)), sop(study.get(1)), sop(study.get(2)));
        List<DicomFile> pulled = new ArrayList<>();
        orthancDicomWeb.retrieveSeries(studyOf(study.get(0)), seriesOf(study.get(0)), null,
                (syntax, in) -> pulled.add(SyntheticCt.readFile(in.readAllBytes())));
        assertThat(pulled).hasSize(3);
        for (byte[] sent : study) {
            assertThat(pulled).filteredOn(f -> f.dataset().string(SOP_INSTANCE_UID).equals(sop(sent)))
                    .singleElement()
                    .satisfies(f -> assertThat(f.dataset().get(PIXEL_DATA).bytes()).isEqualTo(pixels(sent)));
        }
    }

    /** Our endpoints as an Orthanc DICOMweb peer, calling with an integrator's token (it stores and queries). */
    private com.fasterxml.jackson.databind.node.ObjectNode peerDefinition() {
        var definition = json.createObjectNode().put("Url", dicomweb.toString());
        definition.putObject("HttpHeaders").put("Authorization", "Bearer " + KeycloakTestClient.accessToken("int1"));
        return definition;
    }

    private HttpResponse<String> orthanc(String method, String path, String body) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(orthanc + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
