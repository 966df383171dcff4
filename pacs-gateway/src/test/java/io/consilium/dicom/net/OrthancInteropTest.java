package io.consilium.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.Tag;
import io.consilium.dicom.VR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our SCU and SCP against a real Orthanc: every service in each direction it has. */
class OrthancInteropTest {

    static final Tag LEVEL = new Tag(0x0008, 0x0052);
    static final Tag STUDY_UID = new Tag(0x0020, 0x000D);
    static final Tag SERIES_UID = new Tag(0x0020, 0x000E);
    static final Tag SOP_UID = new Tag(0x0008, 0x0018);
    static final Tag PATIENT_NAME = new Tag(0x0010, 0x0010);
    static final Tag STUDY_DATE = new Tag(0x0008, 0x0020);
    static final Tag MODALITY = new Tag(0x0008, 0x0060);

    @TempDir
    static Path tmp;
    static Orthanc orthanc;
    static DicomServer ours;
    static Path received;
    static String aet;
    static String series;
    static List<Path> study;
    static DicomClient client;

    @BeforeAll
    static void upload() throws Exception {
        orthanc = Orthanc.fromEnvironment();
        received = tmp.resolve("received");
        aet = "CONS" + Integer.toHexString((int) (System.nanoTime() & 0xFFFFFF)).toUpperCase();
        ours = DicomServer.start(NetSettings.of(aet), "127.0.0.1", 0, new FolderStore(received));
        orthanc.registerModality(aet, aet, ours.port());
        series = "1.2.826.0.1.3680043.10.1002." + (UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
        study = Peers.ctStudy(tmp.resolve("study"), series, 6, 32);
        for (Path f : study) {
            orthanc.upload(f);
        }
        client = new DicomClient(NetSettings.of(aet));
    }

    @AfterAll
    static void stop() throws Exception {
        orthanc.send("DELETE", "/modalities/" + aet, "");
        ours.close();
    }

    @Test
    void echoBothWays() throws Exception {
        client.echo(orthanc.ae());
        assertThat(orthanc.send("POST", "/modalities/" + aet + "/echo", "{}")).isNotNull();
    }

    @Test
    void findAtStudySeriesAndInstanceLevelsWithWildcardAndRangeKeys() throws Exception {
        Dataset studyKeys = keys("STUDY");
        studyKeys.putString(PATIENT_NAME, VR.PN, "Test*");
        studyKeys.putString(STUDY_DATE, VR.DA, "20251201-20260131");
        studyKeys.putString(STUDY_UID, VR.UI, series + ".0");
        List<Dataset> studies = client.find(orthanc.ae(), QueryModel.STUDY_ROOT, studyKeys);
        assertThat(studies).singleElement().satisfies(d -> assertThat(d.string(STUDY_UID)).isEqualTo(series + ".0"));

        Dataset seriesKeys = keys("SERIES");
        seriesKeys.putString(STUDY_UID, VR.UI, series + ".0");
        seriesKeys.putString(SERIES_UID, VR.UI, "");
        seriesKeys.putString(MODALITY, VR.CS, "C?");
        assertThat(client.find(orthanc.ae(), QueryModel.STUDY_ROOT, seriesKeys)).extracting(d -> d.string(SERIES_UID))
                .containsExactly(series);

        Dataset instanceKeys = keys("IMAGE");
        instanceKeys.putString(STUDY_UID, VR.UI, series + ".0");
        instanceKeys.putString(SERIES_UID, VR.UI, series);
        instanceKeys.putString(SOP_UID, VR.UI, "");
        assertThat(client.find(orthanc.ae(), QueryModel.STUDY_ROOT, instanceKeys)).extracting(d -> d.string(SOP_UID))
                .containsExactlyInAnyOrderElementsOf(study.stream()
                        .map(p -> p.getFileName().toString().replace(".dcm", "")).toList());

        Dataset patientKeys = keys("STUDY");
        patientKeys.putString(new Tag(0x0010, 0x0020), VR.LO, "PID1");
        patientKeys.putString(STUDY_UID, VR.UI, series + ".0");
        assertThat(client.find(orthanc.ae(), QueryModel.PATIENT_ROOT, patientKeys)).hasSize(1);

        Dataset none = keys("STUDY");
        none.putString(STUDY_DATE, VR.DA, "19000101-19000102");
        none.putString(STUDY_UID, VR.UI, series + ".0");
        assertThat(client.find(orthanc.ae(), QueryModel.STUDY_ROOT, none)).isEmpty();
    }

    @Test
    void moveToOurScpReportsProgressAndDeliversEveryInstance() throws Exception {
        Dataset k = keys("SERIES");
        k.putString(STUDY_UID, VR.UI, series + ".0");
        k.putString(SERIES_UID, VR.UI, series);
        List<Progress> seen = new ArrayList<>();
        Progress done = client.move(orthanc.ae(), QueryModel.STUDY_ROOT, k, aet, seen::add);
        assertThat(done.succeeded()).as(done.toString()).isTrue();
        assertThat(done.completed()).isEqualTo(6);
        assertThat(seen).isNotEmpty();
        assertSameAsSent(received);

        Progress unknown = client.move(orthanc.ae(), QueryModel.STUDY_ROOT, k, "NOBODY", p -> { });
        assertThat(unknown.succeeded()).isFalse();
        assertThat(Status.isFailure(unknown.status())).as("status %04X", unknown.status()).isTrue();
    }

    @Test
    void getOverTheSameAssociation() throws Exception {
        Path got = tmp.resolve("got");
        Dataset k = keys("STUDY");
        k.putString(STUDY_UID, VR.UI, series + ".0");
        List<Progress> seen = new ArrayList<>();
        Progress done = client.get(orthanc.ae(), QueryModel.STUDY_ROOT, k, DicomClient.COMMON_STORAGE,
                new FolderStore(got), seen::add);
        assertThat(done.completed()).as(done.toString()).isEqualTo(6);
        assertThat(done.failed()).isZero();
        assertThat(seen.get(seen.size() - 1).remaining()).isZero();
        assertSameAsSent(got);
    }

    @Test
    void storeBothWays() throws Exception {
        String other = "1.2.826.0.1.3680043.10.1003." + (UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
        List<Path> files = Peers.ctStudy(tmp.resolve("other"), other, 3, 16);
        Progress done = client.store(orthanc.ae(), files, p -> { });
        assertThat(done.completed()).isEqualTo(3);
        String found = orthanc.send("POST", "/tools/find", "{\"Level\":\"Instance\",\"Query\":{\"SeriesInstanceUID\":\""
                + other + "\"}}");
        assertThat(found.split(",")).hasSize(3);

        Path pushed = tmp.resolve("pushed");
        var target = DicomServer.start(NetSettings.of("PUSHED"), "127.0.0.1", 0, new FolderStore(pushed));
        try {
            orthanc.registerModality("PUSHED" + aet, "PUSHED", target.port());
            String ids = orthanc.send("POST", "/tools/lookup", other);
            String seriesId = ids.replaceAll("(?s).*\"ID\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            orthanc.send("POST", "/modalities/PUSHED" + aet + "/store", "{\"Resources\":[\"" + seriesId + "\"]}");
            try (Stream<Path> s = Files.list(pushed)) {
                assertThat(s.filter(p -> p.toString().endsWith(".dcm"))).hasSize(3);
            }
        } finally {
            orthanc.send("DELETE", "/modalities/PUSHED" + aet, "");
            target.close();
        }
    }

    @Test
    void unknownCalledAeIsReportedAsRejection() {
        assertThatThrownBy(() -> new DicomClient(NetSettings.of(aet)).echo(new RemoteAe("ORTHANC", "127.0.0.1", ours.port())))
                .isInstanceOf(DicomNetException.class).hasMessageContaining("called AE title not recognized");
    }

    private static Dataset keys(String level) {
        var d = new Dataset();
        d.putString(LEVEL, VR.CS, level);
        return d;
    }

    private static void assertSameAsSent(Path dir) throws Exception {
        for (Path sent : study) {
            Path kept = dir.resolve(sent.getFileName());
            assertThat(kept).exists();
            assertThat(DicomFile.read(kept).dataset().get(new Tag(0x7FE0, 0x0010)))
                    .isEqualTo(DicomFile.read(sent).dataset().get(new Tag(0x7FE0, 0x0010)));
        }
    }
}
