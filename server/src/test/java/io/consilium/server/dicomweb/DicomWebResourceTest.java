package io.consilium.server.dicomweb;

import static io.consilium.server.dicomweb.SyntheticCt.PATIENT_ID;
import static io.consilium.server.dicomweb.SyntheticCt.PATIENT_NAME;
import static io.consilium.server.dicomweb.SyntheticCt.PIXEL_DATA;
import static io.consilium.server.dicomweb.SyntheticCt.SOP_INSTANCE_UID;
import static io.consilium.server.dicomweb.SyntheticCt.STUDY_DATE;
import static io.consilium.server.dicomweb.SyntheticCt.STUDY_UID;
import static io.consilium.server.dicomweb.SyntheticCt.pixels;
import static io.consilium.server.dicomweb.SyntheticCt.seriesOf;
import static io.consilium.server.dicomweb.SyntheticCt.sop;
import static io.consilium.server.dicomweb.SyntheticCt.studyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.web.DicomJson;
import io.consilium.dicom.web.DicomWebClient;
import io.consilium.dicom.web.DicomWebException;
import io.consilium.dicom.web.MultipartWriter;
import io.consilium.dicom.web.QidoQuery;
import io.consilium.dicom.web.StowResult;
import io.consilium.server.archive.DicomArchive;
import io.consilium.server.security.KeycloakTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Our DICOMweb endpoints, driven by our own client and by hand-made (broken) requests. */
@QuarkusTest
class DicomWebResourceTest {

    private static final Tag FAILED_SOP_SEQUENCE = new Tag(0x0008, 0x1198);
    private static final Tag FAILURE_REASON = new Tag(0x0008, 0x1197);
    private static final Tag NUMBER_OF_STUDY_RELATED_INSTANCES = new Tag(0x0020, 0x1208);
    private static final Tag MODALITIES_IN_STUDY = new Tag(0x0008, 0x0061);
    private static final Tag RETRIEVE_URL = new Tag(0x0008, 0x1190);

    @TestHTTPResource("dicomweb")
    URL dicomweb;

    @Inject
    DicomArchive archive;

    /** The integrator stores (STOW-RS) and reads; clinical roles only read. */
    private static final String INTEGRATOR = "int1";

    private final HttpClient http = HttpClient.newHttpClient();

    private static String bearer() {
        return "Bearer " + KeycloakTestClient.accessToken(INTEGRATOR);
    }

    private DicomWebClient client() {
        return DicomWebClient.builder(URI.create(dicomweb.toString()))
                .bearerToken(() -> KeycloakTestClient.accessToken(INTEGRATOR)).build();
    }

    @Test
    void storesSearchesAndRetrievesAStudyByteForByte() throws IOException {
        String patient = "PID-" + UUID.randomUUID();
        List<byte[]> study = SyntheticCt.study(patient, "Doe^Jane", "20260214", 3, 32);

        StowResult result = client().storeBytes(null, study);

        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.allStored()).isTrue();
        assertThat(result.outcomes()).extracting(StowResult.InstanceOutcome::retrieveUrl)
                .allSatisfy(url -> assertThat(url).startsWith(dicomweb + "/studies/" + studyOf(study.get(0))));
        for (byte[] instance : study) {
            try (InputStream in = archive.open(sop(instance))) {
                assertThat(in.readAllBytes()).isEqualTo(instance);
            }
        }

        List<Dataset> found = client().searchForStudies(QidoQuery.create().match(PATIENT_ID, patient));
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.string(STUDY_UID)).isEqualTo(studyOf(study.get(0)));
            assertThat(d.string(PATIENT_NAME)).isEqualTo("Doe^Jane");
            assertThat(d.intValue(NUMBER_OF_STUDY_RELATED_INSTANCES, 0)).isEqualTo(3);
            assertThat(d.strings(MODALITIES_IN_STUDY)).containsExactly("CT");
            assertThat(d.string(RETRIEVE_URL)).isEqualTo(dicomweb + "/studies/" + studyOf(study.get(0)));
        });

        List<DicomFile> retrieved = new ArrayList<>();
        int count = client().retrieveSeries(studyOf(study.get(0)), seriesOf(study.get(0)), null,
                (syntax, in) -> {
                    assertThat(syntax).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
                    retrieved.add(SyntheticCt.readFile(in.readAllBytes()));
                });
        assertThat(count).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(retrieved.get(i).dataset().get(PIXEL_DATA).bytes()).isEqualTo(pixels(study.get(i)));
        }
        byte[] asStored = client().retrieveInstance(studyOf(study.get(0)), seriesOf(study.get(0)), sop(study.get(1)),
                "*");
        assertThat(asStored).isEqualTo(study.get(1));
        byte[] implicit = client().retrieveInstance(studyOf(study.get(0)), seriesOf(study.get(0)), sop(study.get(1)),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        DicomFile converted = SyntheticCt.readFile(implicit);
        assertThat(converted.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(converted.dataset().get(PIXEL_DATA).bytes()).isEqualTo(pixels(study.get(1)));
        assertThatThrownBy(() -> client().retrieveInstance(studyOf(study.get(0)), seriesOf(study.get(0)),
                sop(study.get(1)), TransferSyntax.JPEG_2000.uid()))
                .isInstanceOf(DicomWebException.class)
                .satisfies(e -> assertThat(((DicomWebException) e).status()).isEqualTo(406));
    }

    @Test
    void servesFramesAndMetadataTheWayAViewerLoadsThem() throws Exception {
        List<byte[]> study = SyntheticCt.study("PID-" + UUID.randomUUID(), "Doe^John", "20260215", 2, 16);
        client().storeBytes(null, study);
        String s = studyOf(study.get(0));
        String se = seriesOf(study.get(0));

        assertThat(client().retrieveFrames(s, se, sop(study.get(1)), null, 1)).singleElement()
                .isEqualTo(pixels(study.get(1)));
        // Cornerstone3D's wadors loader asks exactly this:
        HttpResponse<byte[]> frame = http.send(HttpRequest.newBuilder(URI.create(dicomweb + "/studies/" + s
                        + "/series/" + se + "/instances/" + sop(study.get(0)) + "/frames/1"))
                .header("Authorization", bearer())
                .header("Accept", "multipart/related; type=application/octet-stream; transfer-syntax=*").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("multipart/related; type=\"application/octet-stream\"; boundary=");
        assertThat(new String(frame.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("Content-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1");

        List<Dataset> metadata = client().retrieveMetadata(s, se, null, false);
        assertThat(metadata).hasSize(2).allSatisfy(d -> assertThat(d.contains(PIXEL_DATA)).isFalse());
        assertThat(metadata).extracting(d -> d.string(SOP_INSTANCE_UID))
                .containsExactly(sop(study.get(0)), sop(study.get(1)));
        Dataset withPixels = client().retrieveMetadata(s, se, sop(study.get(0)), true).get(0);
        assertThat(withPixels.get(PIXEL_DATA).bytes()).isEqualTo(pixels(study.get(0)));
        assertThatThrownBy(() -> client().retrieveFrames(s, se, sop(study.get(0)), null, 2))
                .satisfies(e -> assertThat(((DicomWebException) e).status()).isEqualTo(404));
    }

    @Test
    void matchesWildcardsRangesFuzzyNamesAndPages() {
        String patient = "PID-" + UUID.randomUUID();
        List<byte[]> january = SyntheticCt.study(patient, "Smith^Anna", "20260110", 1, 8);
        List<byte[]> march = SyntheticCt.study(patient, "Smith^Anna", "20260301", 2, 8);
        client().storeBytes(null, january);
        client().storeBytes(null, march);
        QidoQuery base = QidoQuery.create().match(PATIENT_ID, patient);

        assertThat(studies(QidoQuery.create().match(PATIENT_ID, patient).match(PATIENT_NAME, "Smi*")))
                .containsExactlyInAnyOrder(studyOf(january.get(0)), studyOf(march.get(0)));
        assertThat(studies(QidoQuery.create().match(PATIENT_ID, patient).match(PATIENT_NAME, "smi*"))).isEmpty();
        assertThat(studies(QidoQuery.create().match(PATIENT_ID, patient).match(PATIENT_NAME, "anna").fuzzy()))
                .hasSize(2);
        assertThat(studies(QidoQuery.create().match(PATIENT_ID, patient)
                .dateRange(STUDY_DATE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31))))
                .containsExactly(studyOf(january.get(0)));
        assertThat(studies(QidoQuery.create().match(PATIENT_ID, patient).dateRange(STUDY_DATE,
                LocalDate.of(2026, 2, 1), null))).containsExactly(studyOf(march.get(0)));
        assertThat(studies(QidoQuery.create().match(PATIENT_ID, "PID-?" + patient.substring(5))))
                .hasSize(2);

        List<String> pages = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            pages.addAll(client().searchForInstances(null, null, QidoQuery.create().match(PATIENT_ID, patient)
                    .limit(1).offset(offset)).stream().map(d -> d.string(SOP_INSTANCE_UID)).toList());
        }
        assertThat(pages).containsExactlyInAnyOrder(sop(january.get(0)), sop(march.get(0)), sop(march.get(1)));
        assertThat(client().searchForSeries(studyOf(march.get(0)), base)).hasSize(1);
        assertThat(client().searchForInstances(studyOf(march.get(0)), seriesOf(march.get(0)),
                QidoQuery.create().includeField(new Tag(0x0028, 0x0030))))
                .hasSize(2).allSatisfy(d -> assertThat(d.string(new Tag(0x0028, 0x0030))).isEqualTo("0.8"));
    }

    @Test
    void reportsPerInstanceOutcomesWith200202And409() {
        List<byte[]> study = SyntheticCt.study("PID-" + UUID.randomUUID(), "Roe^Ann", "20260301", 2, 8);
        assertThat(client().storeBytes(null, study.subList(0, 1)).httpStatus()).isEqualTo(200);

        byte[] clash = SyntheticCt.study("PID-other", "Roe^Ann", "20260301", 1, 8).get(0);
        byte[] sameUidOtherContent = SyntheticCt.withSop(clash, sop(study.get(0)), studyOf(study.get(0)),
                seriesOf(study.get(0)));
        StowResult mixed = client().storeBytes(null, List.of(study.get(1), sameUidOtherContent));
        assertThat(mixed.httpStatus()).isEqualTo(202);
        assertThat(mixed.outcomes().get(0).outcome()).isEqualTo(StowResult.Outcome.STORED);
        assertThat(mixed.failures()).singleElement().satisfies(f -> {
            assertThat(f.sopInstanceUid()).isEqualTo(sop(study.get(0)));
            assertThat(f.reason()).isEqualTo(0x0111);
        });

        StowResult wrongStudy = client().storeBytes(SyntheticCt.newUid(), List.of(clash));
        assertThat(wrongStudy.httpStatus()).isEqualTo(409);
        assertThat(wrongStudy.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(0xA900));
        assertThat(archive.find(sop(clash))).isEmpty();
    }

    @Test
    void brokenRequestsAreRefusedAndNothingIsStored() throws Exception {
        List<byte[]> study = SyntheticCt.study("PID-" + UUID.randomUUID(), "Poe^Al", "20260301", 2, 8);
        var body = new ByteArrayOutputStream();
        var writer = new MultipartWriter(body, "b0undary");
        writer.part("application/dicom", study.get(0));
        writer.part("application/dicom", study.get(1));
        writer.finish();
        byte[] whole = body.toByteArray();
        String type = "multipart/related; type=\"application/dicom\"; boundary=b0undary";

        HttpResponse<String> truncated = post(type, Arrays.copyOf(whole, whole.length - 200));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.body()).contains("truncated").contains("nothing stored");
        assertThat(post("application/json", "{}".getBytes()).statusCode()).isEqualTo(415);
        assertThat(post("multipart/related; type=\"application/dicom+json\"; boundary=b0undary", whole).statusCode())
                .isEqualTo(415);
        assertThat(post("multipart/related; type=\"application/dicom\"", whole).statusCode()).isEqualTo(400);
        assertThat(post(type, "--b0undary\r\nno header line\r\n\r\nx\r\n--b0undary--\r\n".getBytes())
                .statusCode()).isEqualTo(400);
        assertThat(post(type, "--b0undary--\r\n".getBytes()).statusCode()).isEqualTo(400);
        assertThat(archive.find(sop(study.get(0)))).isEmpty();
        assertThat(archive.find(sop(study.get(1)))).isEmpty();

        HttpResponse<String> notDicom = post(type,
                "--b0undary\r\nContent-Type: application/dicom\r\n\r\nnot dicom\r\n--b0undary--\r\n".getBytes());
        assertThat(notDicom.statusCode()).isEqualTo(409);
        Dataset answer = DicomJson.read(notDicom.body().getBytes()).get(0);
        assertThat(answer.sequence(FAILED_SOP_SEQUENCE)).singleElement()
                .satisfies(f -> assertThat(f.intValue(FAILURE_REASON, 0)).isEqualTo(0xC000));

        assertThat(get("/studies?NoSuchKeyword=1", "application/dicom+json").statusCode()).isEqualTo(400);
        assertThat(get("/studies?limit=0", "application/dicom+json").statusCode()).isEqualTo(400);
        assertThat(get("/studies/1.2.3.4", "multipart/related; type=\"application/dicom\"").statusCode())
                .isEqualTo(404);
        client().storeBytes(null, study);
        assertThat(get("/studies/" + studyOf(study.get(0)), "image/png").statusCode()).isEqualTo(406);
    }

    private List<String> studies(QidoQuery query) {
        return client().searchForStudies(query).stream().map(d -> d.string(STUDY_UID)).toList();
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dicomweb + "/studies"))
                .header("Authorization", bearer()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dicomweb + path))
                .header("Authorization", bearer()).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
