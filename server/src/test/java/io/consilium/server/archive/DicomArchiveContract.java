package io.consilium.server.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.audit.AuditQuery;
import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import io.consilium.server.audit.AuditTrail;
import io.consilium.server.study.StudyCatalog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/** The same archive behaviour, run against each database Consilium supports. */
abstract class DicomArchiveContract {

    private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    @Inject
    DicomArchive archive;

    @Inject
    StudyCatalog catalog;

    @Inject
    ArchiveReconciliation reconciliation;

    @Inject
    Session session;

    @Inject
    AuditTrail audit;

    @Test
    void storesAnInstanceByteForByteAndRegistersItsStudy() throws IOException {
        String study = newUid();
        byte[] part10 = ct(study, study + ".1", 2, 7);

        StoredInstance stored = archive.store(part10, "C-STORE:ORTHANC");

        assertThat(stored.sopInstanceUid()).isEqualTo(study + ".1.2");
        assertThat(stored.modality()).isEqualTo("CT");
        assertThat(stored.instanceNumber()).isEqualTo(2);
        assertThat(stored.patientId()).isEqualTo("PID-7");
        assertThat(stored.transferSyntaxUid()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        assertThat(stored.sizeBytes()).isEqualTo(part10.length);
        try (InputStream in = archive.open(stored.sopInstanceUid())) {
            assertThat(in.readAllBytes()).isEqualTo(part10);
        }
        assertThat(catalog.find(study)).hasValueSatisfying(s -> assertThat(s.modality()).isEqualTo("CT"));
    }

    @Test
    void aStoreOnAnInterruptedThreadLeavesTheArchiveUsableForEveryoneElse() throws Exception {
        String study = newUid();
        byte[] first = ct(study, study + ".1", 1, 7);
        var outcome = new AtomicReference<Object>();
        // A job worker is interrupted when its lease is lost or the server stops, perhaps in the middle of a write.
        Thread writer = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                outcome.set(archive.store(first, "C-STORE:INTERRUPTED"));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        writer.start();
        writer.join();

        byte[] second = ct(study, study + ".1", 2, 7);
        archive.store(second, "C-STORE:NEXT");
        assertThat(archive.study(study)).extracting(StoredInstance::sopInstanceUid).contains(study + ".1.2");
        if (outcome.get() instanceof StoredInstance) {
            try (InputStream in = archive.open(study + ".1.1")) {
                assertThat(in.readAllBytes()).isEqualTo(first);
            }
        }
    }

    @Test
    void storingTheSameInstanceAgainKeepsOneCopy() {
        String study = newUid();
        byte[] part10 = ct(study, study + ".1", 1, 7);

        archive.store(part10, "C-MOVE");
        archive.store(part10, "C-MOVE");

        assertThat(archive.study(study)).hasSize(1);
    }

    @Test
    void differentBytesUnderAHeldUidAreRefusedAndTheFirstCopyKept() throws IOException {
        String study = newUid();
        byte[] first = ct(study, study + ".1", 1, 7);
        archive.store(first, "STOW-RS");

        assertThatThrownBy(() -> archive.store(ct(study, study + ".1", 1, 8), "STOW-RS"))
                .isInstanceOf(InvalidInstanceException.class)
                .hasMessageContaining("different content");
        try (InputStream in = archive.open(study + ".1.1")) {
            assertThat(in.readAllBytes()).isEqualTo(first);
        }
    }

    @Test
    void aCopySentAgainWithWhatASenderMayChangeIsTheSameInstance() throws Exception {
        String study = newUid();
        byte[] first = ct(study, study + ".1", 1, 7);
        archive.store(first, "C-STORE:MODALITY");

        DicomFile padded = DicomFile.read(first);
        padded.dataset().put(DicomElement.of(new Tag(0x0008, 0x0000), VR.UL, new byte[] {64, 0, 0, 0}));
        padded.dataset().put(DicomElement.of(new Tag(0xFFFC, 0xFFFC), VR.OB, new byte[8]));
        DicomFile implicit = DicomFile.read(first).transcode(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        for (DicomFile copy : List.of(padded, implicit)) {
            var bytes = new ByteArrayOutputStream();
            copy.write(bytes);
            assertThat(bytes.toByteArray()).isNotEqualTo(first);
            assertThat(archive.store(bytes.toByteArray(), "C-STORE:MODALITY").sopInstanceUid())
                    .isEqualTo(study + ".1.1");
        }
        assertThat(archive.study(study)).hasSize(1);
        try (InputStream in = archive.open(study + ".1.1")) {
            assertThat(in.readAllBytes()).as("the first copy kept").isEqualTo(first);
        }
    }

    @Test
    void otherContentUnderAHeldUidIsAConflictOnRecord() {
        String study = newUid();
        archive.store(ct(study, study + ".1", 1, 7), "STOW-RS");

        assertThatThrownBy(() -> archive.store(ct(study, study + ".1", 1, 8), "C-STORE:OTHER"))
                .isInstanceOf(InstanceConflictException.class);
        assertThat(audit.find(new AuditQuery("PID-8", null, "dicom.instance.refuse", null, null, 0, 10)))
                .anySatisfy(record -> {
                    assertThat(record.event().targets()).containsExactly("ImagingStudy/" + study);
                    assertThat(record.event().source()).isEqualTo("C-STORE:OTHER");
                    assertThat(record.event().detail()).contains(study + ".1.1");
                });
    }

    @Test
    void listsAStudyBySeriesAndInstanceNumber() {
        String study = newUid();
        archive.store(ct(study, study + ".2", 3, 1), "test");
        archive.store(ct(study, study + ".2", 1, 1), "test");
        archive.store(ct(study, study + ".2", 2, 1), "test");

        assertThat(archive.series(study, study + ".2")).extracting(StoredInstance::instanceNumber)
                .containsExactly(1, 2, 3);
        assertThat(archive.study(study)).hasSize(3);
    }

    @Test
    void refusesFilesWithoutIdentifyingUidsOrMetaInformation() {
        assertThatThrownBy(() -> archive.store("not dicom at all".getBytes(), "test"))
                .isInstanceOf(InvalidInstanceException.class);
        var noStudy = new Dataset();
        noStudy.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
        noStudy.putString(new Tag(0x0008, 0x0018), VR.UI, newUid());
        var file = new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, noStudy.string(new Tag(0x0008, 0x0018)),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), noStudy, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> archive.store(file, "test"))
                .isInstanceOf(InvalidInstanceException.class)
                .hasMessageContaining("Study Instance UID");
    }

    @Test
    void reconciliationIndexesFilesWithoutRowsAndTakesOutRowsWithoutFiles() throws IOException {
        // A file moved into place whose index commit a crash lost, a row whose file is gone, leftovers of an
        // interrupted reception: all from before this JVM started.
        FileTime beforeStart = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
        String orphanStudy = newUid();
        byte[] orphan = ct(orphanStudy, orphanStudy + ".1", 1, 9);
        Path orphanFile = archive.root().resolve(Path.of(orphanStudy, orphanStudy + ".1", orphanStudy + ".1.1.dcm"));
        Files.createDirectories(orphanFile.getParent());
        Files.write(orphanFile, orphan);
        Files.setLastModifiedTime(orphanFile, beforeStart);
        Path halfWritten = Files.write(orphanFile.resolveSibling(".incoming-1.part"), new byte[10]);
        Files.setLastModifiedTime(halfWritten, beforeStart);
        Path cutOff = Files.write(archive.incomingDirectory().resolve("cut-off.dcm"), new byte[10]);
        Files.setLastModifiedTime(cutOff, beforeStart);
        String lostStudy = newUid();
        StoredInstance lost = archive.store(ct(lostStudy, lostStudy + ".1", 1, 9), "test");
        Files.delete(archive.file(lost.sopInstanceUid()));
        // ... and a file from this JVM's own time, whose store may still be on its way to the index: left alone.
        String recentStudy = newUid();
        Path recent = archive.root().resolve(Path.of(recentStudy, recentStudy + ".1", recentStudy + ".1.1.dcm"));
        Files.createDirectories(recent.getParent());
        Files.write(recent, ct(recentStudy, recentStudy + ".1", 1, 9));

        ArchiveReconciliation.Report report = reconciliation.run();

        assertThat(archive.find(orphanStudy + ".1.1")).hasValueSatisfying(i -> {
            assertThat(i.source()).isEqualTo("reconcile");
            assertThat(i.sizeBytes()).isEqualTo(orphan.length);
        });
        assertThat(catalog.find(orphanStudy)).as("its study registered, as on arrival").isPresent();
        assertThat(archive.find(lost.sopInstanceUid())).as("nothing offers what cannot be delivered").isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> session.createNativeQuery(
                "select sop_instance_uid from dicom_instance_missing where study_instance_uid = :s", String.class)
                .setParameter("s", lostStudy).getResultList())).as("the loss on record").containsExactly(lost.sopInstanceUid());
        assertThat(halfWritten).doesNotExist();
        assertThat(cutOff).doesNotExist();
        assertThat(archive.find(recentStudy + ".1.1")).isEmpty();
        assertThat(recent).exists();
        assertThat(report.indexed()).isGreaterThanOrEqualTo(1);
        assertThat(report.missing()).isGreaterThanOrEqualTo(1);
        assertThat(report.discarded()).isGreaterThanOrEqualTo(2);

        ArchiveReconciliation.Report again = reconciliation.run();
        assertThat(again.indexed() + again.missing() + again.discarded()).as("nothing left to do").isZero();
        Files.delete(recent);
    }

    private static byte[] ct(String study, String series, int number, int patient) {
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, CT_IMAGE_STORAGE);
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, series + "." + number);
        ds.putString(new Tag(0x0008, 0x0060), VR.CS, "CT");
        ds.putString(new Tag(0x0010, 0x0020), VR.LO, "PID-" + patient);
        ds.putString(new Tag(0x0020, 0x000D), VR.UI, study);
        ds.putString(new Tag(0x0020, 0x000E), VR.UI, series);
        ds.putString(new Tag(0x0020, 0x0013), VR.IS, Integer.toString(number));
        var file = new DicomFile(FileMetaInformation.create(CT_IMAGE_STORAGE, series + "." + number,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        var out = new ByteArrayOutputStream();
        try {
            file.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static String newUid() {
        return "2.25." + UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(c -> Integer.toString(c % 10)).reduce("1", String::concat);
    }
}
