package io.consilium.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.SyntheticSeries;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our DICOMweb client against a real Orthanc with its DICOMweb plugin. */
class DicomWebClientOrthancTest {

    static final Tag STUDY_DATE = new Tag(0x0008, 0x0020);
    static final Tag SOP_INSTANCE_UID = new Tag(0x0008, 0x0018);
    static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);
    static final Tag PATIENT_ID = new Tag(0x0010, 0x0020);
    static final Tag STUDY_UID = new Tag(0x0020, 0x000D);
    static final Tag SERIES_UID = new Tag(0x0020, 0x000E);
    static final Tag STUDY_DESCRIPTION = new Tag(0x0008, 0x1030);
    static final Tag PIXEL_DATA = new Tag(0x7FE0, 0x0010);
    static final Tag NUMBER_OF_STUDY_RELATED_INSTANCES = new Tag(0x0020, 0x1208);

    private static DicomWebClient client;
    private static String patientId;
    private static List<DicomFile> first;
    private static List<DicomFile> second;

    @BeforeAll
    static void storeTwoStudies(@TempDir Path dir) {
        client = DicomWebClient.builder(TestOrthanc.fromEnvironment().dicomWeb())
                .requestTimeout(Duration.ofSeconds(30)).build();
        patientId = "PID-" + UUID.randomUUID();
        first = series(patientId, "20260105", 3);
        second = series(patientId, "20260320", 2);
        List<Path> files = new ArrayList<>();
        for (DicomFile f : first) {
            Path file = dir.resolve(f.dataset().string(SOP_INSTANCE_UID) + ".dcm");
            try {
                f.write(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.add(file);
        }

        StowResult stored = client.store(null, files);
        StowResult storedInMemory = client.storeBytes(studyOf(second), second.stream().map(
                DicomWebClientOrthancTest::bytes).toList());

        assertThat(stored.httpStatus()).isEqualTo(200);
        assertThat(stored.outcomes()).extracting(StowResult.InstanceOutcome::sopInstanceUid)
                .containsExactlyElementsOf(first.stream().map(f -> f.dataset().string(SOP_INSTANCE_UID)).toList());
        assertThat(stored.allStored()).isTrue();
        assertThat(stored.outcomes()).allSatisfy(o -> assertThat(o.retrieveUrl()).contains(studyOf(first)));
        assertThat(storedInMemory.allStored()).isTrue();
    }

    @Test
    void searchesStudiesByPatientWildcardNameAndDateRange() {
        List<Dataset> byPatient = client.searchForStudies(QidoQuery.create().match(PATIENT_ID, patientId)
                .includeField(STUDY_DESCRIPTION).includeField(NUMBER_OF_STUDY_RELATED_INSTANCES));
        assertThat(byPatient).extracting(d -> d.string(STUDY_UID))
                .containsExactlyInAnyOrder(studyOf(first), studyOf(second));
        assertThat(byPatient).allSatisfy(d -> assertThat(d.string(PATIENT_NAME)).isEqualTo("Test^Patient"));
        assertThat(byPatient).filteredOn(d -> d.string(STUDY_UID).equals(studyOf(first)))
                .singleElement().satisfies(d -> {
                    assertThat(d.string(STUDY_DESCRIPTION)).isEqualTo("Synthetic CT 20260105");
                    assertThat(d.intValue(NUMBER_OF_STUDY_RELATED_INSTANCES, 0)).isEqualTo(3);
                });

        List<Dataset> inJanuary = client.searchForStudies(QidoQuery.create().match(PATIENT_ID, patientId)
                .match(PATIENT_NAME, "test*").fuzzy()
                .dateRange(STUDY_DATE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)));
        assertThat(inJanuary).extracting(d -> d.string(STUDY_UID)).containsExactly(studyOf(first));
        List<Dataset> fromMarch = client.searchForStudies(QidoQuery.create().match(PATIENT_ID, patientId)
                .dateRange(STUDY_DATE, LocalDate.of(2026, 3, 1), null));
        assertThat(fromMarch).extracting(d -> d.string(STUDY_UID)).containsExactly(studyOf(second));
        assertThat(client.searchForStudies(QidoQuery.create().match(PATIENT_ID, patientId)
                .match(PATIENT_NAME, "Nobody*"))).isEmpty();
    }

    @Test
    void pagesThroughResultsWithLimitAndOffset() {
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 3; offset++) {
            List<Dataset> page = client.searchForInstances(studyOf(first), null,
                    QidoQuery.create().limit(1).offset(offset));
            assertThat(page).hasSize(1);
            seen.add(page.get(0).string(SOP_INSTANCE_UID));
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(
                first.stream().map(f -> f.dataset().string(SOP_INSTANCE_UID)).toList());
        assertThat(client.searchForInstances(studyOf(first), null, QidoQuery.create().limit(5).offset(3))).isEmpty();
    }

    @Test
    void searchesSeriesAndInstancesOfAStudy() {
        assertThat(client.searchForSeries(studyOf(first), QidoQuery.create()))
                .extracting(d -> d.string(SERIES_UID)).containsExactly(seriesOf(first));
        assertThat(client.searchForInstances(studyOf(first), seriesOf(first), QidoQuery.create()))
                .extracting(d -> d.string(SOP_INSTANCE_UID))
                .containsExactlyInAnyOrderElementsOf(first.stream().map(f -> f.dataset().string(SOP_INSTANCE_UID))
                        .toList());
    }

    @Test
    void retrievesASeriesInstanceByInstanceWithIdenticalPixels() {
        for (String syntax : new String[] {null, "*", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()}) {
            List<DicomFile> received = new ArrayList<>();
            int count = client.retrieveSeries(studyOf(first), seriesOf(first), syntax,
                    (ts, in) -> received.add(read(in.readAllBytes())));
            assertThat(count).isEqualTo(3);
            assertSamePixels(received, first);
        }
        DicomFile one = read(client.retrieveInstance(studyOf(second), seriesOf(second), sop(second.get(1)), null));
        assertSamePixels(List.of(one), List.of(second.get(1)));
        List<DicomFile> wholeStudy = new ArrayList<>();
        client.retrieveStudy(studyOf(second), "*", (ts, in) -> wholeStudy.add(read(in.readAllBytes())));
        assertSamePixels(wholeStudy, second);
    }

    @Test
    void retrievesMetadataWithOrWithoutBulkDataAndSingleFrames() {
        List<Dataset> metadata = client.retrieveMetadata(studyOf(first), seriesOf(first), null, false);
        assertThat(metadata).hasSize(3).allSatisfy(d -> {
            assertThat(d.string(PATIENT_ID)).isEqualTo(patientId);
            assertThat(d.contains(PIXEL_DATA)).isFalse();
        });
        Dataset full = client.retrieveMetadata(studyOf(first), seriesOf(first), sop(first.get(0)), true).get(0);
        assertThat(full.get(PIXEL_DATA).bytes()).isEqualTo(first.get(0).dataset().get(PIXEL_DATA).bytes());

        List<byte[]> frames = client.retrieveFrames(studyOf(first), seriesOf(first), sop(first.get(2)), null, 1);
        assertThat(frames).singleElement().isEqualTo(first.get(2).dataset().get(PIXEL_DATA).bytes());
    }

    @Test
    void failuresNameTheRequestAndStatus() {
        assertThatThrownBy(() -> client.retrieveStudy("1.2.3.4.5.6.7.8.9", null, (ts, in) -> { }))
                .isInstanceOf(DicomWebException.class)
                .hasMessageContaining("/studies/1.2.3.4.5.6.7.8.9")
                .satisfies(e -> assertThat(((DicomWebException) e).status()).isEqualTo(404));
        var nowhere = DicomWebClient.builder(URI.create("http://127.0.0.1:9/dicom-web"))
                .connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> nowhere.searchForStudies(QidoQuery.create()))
                .isInstanceOf(DicomWebException.class).hasMessageContaining("cannot connect");
    }

    static void assertSamePixels(List<DicomFile> received, List<DicomFile> sent) {
        assertThat(received).hasSize(sent.size());
        for (DicomFile original : sent) {
            DicomFile copy = received.stream().filter(r -> sop(r).equals(sop(original))).findFirst().orElseThrow();
            assertThat(copy.dataset().get(PIXEL_DATA).bytes()).isEqualTo(original.dataset().get(PIXEL_DATA).bytes());
        }
    }

    static List<DicomFile> series(String patientId, String studyDate, int slices) {
        String root = "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
        List<DicomFile> files = SyntheticSeries.ct(root.substring(0, Math.min(root.length(), 50)), slices, 16, 0.8, 2);
        for (DicomFile f : files) {
            f.dataset().putString(PATIENT_ID, VR.LO, patientId);
            f.dataset().putString(STUDY_DATE, VR.DA, studyDate);
            f.dataset().putString(STUDY_DESCRIPTION, VR.LO, "Synthetic CT " + studyDate);
        }
        return files;
    }

    static String sop(DicomFile f) {
        return f.dataset().string(SOP_INSTANCE_UID);
    }

    static String studyOf(List<DicomFile> files) {
        return files.get(0).dataset().string(STUDY_UID);
    }

    static String seriesOf(List<DicomFile> files) {
        return files.get(0).dataset().string(SERIES_UID);
    }

    static byte[] bytes(DicomFile f) {
        var out = new ByteArrayOutputStream();
        try {
            f.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static DicomFile read(byte[] bytes) {
        try {
            return DicomFile.read(bytes);
        } catch (io.consilium.dicom.DicomParseException e) {
            throw new AssertionError(e);
        }
    }
}
