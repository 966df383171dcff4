package io.consilium.server.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import io.consilium.dicom.Dataset;
import io.consilium.dicom.DicomElement;
import io.consilium.dicom.DicomFile;
import io.consilium.dicom.FileMetaInformation;
import io.consilium.dicom.Tag;
import io.consilium.dicom.TransferSyntax;
import io.consilium.dicom.VR;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dicom echo|store|find} against the test Orthanc (scripts/orthanc.sh). */
@QuarkusMainTest
class DicomNetCommandTest {

    @TempDir
    Path tmp;

    @Test
    void echoStoreAndFindAgainstOrthanc(QuarkusMainLauncher launcher) throws Exception {
        String port = System.getenv("CONSILIUM_TEST_ORTHANC_DICOM_PORT");
        if (port == null) {
            throw new IllegalStateException("CONSILIUM_TEST_ORTHANC_DICOM_PORT is not set: run scripts/orthanc.sh "
                    + "start (scripts/test.sh does this for you)");
        }
        String peer = "ORTHANC@127.0.0.1:" + port;
        LaunchResult echo = launcher.launch("dicom", "echo", "--peer", peer);
        assertThat(echo.exitCode()).as(echo.getErrorOutput()).isZero();
        assertThat(echo.getOutput()).contains("C-ECHO ORTHANC@127.0.0.1:" + port + ": success");

        String study = "1.2.826.0.1.3680043.10.3001." + (UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
        Path file = tmp.resolve("one.dcm");
        write(file, study);
        LaunchResult store = launcher.launch("dicom", "store", "--peer", peer, file.toString());
        assertThat(store.exitCode()).as(store.getErrorOutput()).isZero();
        assertThat(store.getOutput()).contains("completed 1, failed 0");

        LaunchResult find = launcher.launch("dicom", "find", "--peer", peer, "--level", "STUDY",
                "-k", "StudyInstanceUID=" + study, "-k", "PatientName=Cli*", "-k", "StudyDate=20260101-20260131");
        assertThat(find.exitCode()).as(find.getErrorOutput()).isZero();
        assertThat(find.getOutput()).contains("StudyInstanceUID=" + study).contains("1 match(es)");

    }

    private static void write(Path file, String study) throws Exception {
        String sop = study + ".1";
        var ds = new Dataset();
        ds.putString(new Tag(0x0008, 0x0016), VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.putString(new Tag(0x0008, 0x0018), VR.UI, sop);
        ds.putString(new Tag(0x0008, 0x0020), VR.DA, "20260115");
        ds.putString(new Tag(0x0008, 0x0060), VR.CS, "OT");
        ds.putString(new Tag(0x0010, 0x0010), VR.PN, "Cli^Test");
        ds.putString(new Tag(0x0010, 0x0020), VR.LO, "CLI1");
        ds.putString(new Tag(0x0020, 0x000D), VR.UI, study);
        ds.putString(new Tag(0x0020, 0x000E), VR.UI, study + ".2");
        ds.putInts(new Tag(0x0028, 0x0002), VR.US, 1);
        ds.putString(new Tag(0x0028, 0x0004), VR.CS, "MONOCHROME2");
        ds.putInts(new Tag(0x0028, 0x0010), VR.US, 8);
        ds.putInts(new Tag(0x0028, 0x0011), VR.US, 8);
        ds.putInts(new Tag(0x0028, 0x0100), VR.US, 8);
        ds.putInts(new Tag(0x0028, 0x0101), VR.US, 8);
        ds.putInts(new Tag(0x0028, 0x0102), VR.US, 7);
        ds.putInts(new Tag(0x0028, 0x0103), VR.US, 0);
        ds.put(DicomElement.of(new Tag(0x7FE0, 0x0010), VR.OB, new byte[64]));
        new DicomFile(FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.7", sop,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .write(file);
    }
}
