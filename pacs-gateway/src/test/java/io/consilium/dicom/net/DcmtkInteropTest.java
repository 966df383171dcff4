package io.consilium.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.dicom.DicomFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our SCU against DCMTK's SCPs and DCMTK's SCUs against our SCP, on 127.0.0.1. */
class DcmtkInteropTest {

    @TempDir
    Path tmp;
    private DicomServer server;
    private Path received;

    @BeforeAll
    static void dcmtk() {
        Peers.requireDcmtk();
    }

    @BeforeEach
    void startScp() throws Exception {
        received = tmp.resolve("received");
        server = DicomServer.start(NetSettings.of("CONSILIUM"), "127.0.0.1", 0, new FolderStore(received));
    }

    @AfterEach
    void stopScp() {
        server.close();
    }

    @Test
    void echoscuIsAnsweredAndWrongCalledAeIsRejected() throws Exception {
        var ok = Peers.run(List.of("echoscu", "-aec", "CONSILIUM", "127.0.0.1", Integer.toString(server.port())));
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        var wrong = Peers.run(List.of("echoscu", "-aec", "SOMEONE", "127.0.0.1", Integer.toString(server.port())));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).containsIgnoringCase("Called AE Title Not Recognized");
    }

    @Test
    void storescuSendsAStudyThatArrivesByteForByteInItsDataSet() throws Exception {
        List<Path> files = Peers.ctStudy(tmp.resolve("study"), "1.2.826.0.1.3680043.10.1001.1", 5, 64);
        List<String> command = new ArrayList<>(List.of("storescu", "-aec", "CONSILIUM", "--max-pdu", "4096",
                "127.0.0.1", Integer.toString(server.port())));
        files.forEach(f -> command.add(f.toString()));
        var run = Peers.run(command);
        assertThat(run.exitCode()).as(run.output()).isZero();
        for (Path sent : files) {
            Path kept = received.resolve(sent.getFileName());
            assertThat(kept).exists();
            assertThat(DicomFile.read(kept).dataset()).isEqualTo(DicomFile.read(sent).dataset());
        }
        try (Stream<Path> left = Files.list(received)) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void ourScuStoresIntoStorescpAndEchoesIt() throws Exception {
        int port = Peers.freePort();
        Path out = Files.createDirectories(tmp.resolve("storescp"));
        Process storescp = Peers.start(List.of("storescp", "-aet", "STORESCP", "-od", out.toString(), "--max-pdu",
                "8192", Integer.toString(port)), tmp.resolve("storescp.log"));
        try {
            Peers.awaitPort(port);
            var peer = new RemoteAe("STORESCP", "127.0.0.1", port);
            var client = new DicomClient(NetSettings.of("CONSILIUM").withMaxPduLength(4096));
            client.echo(peer);
            List<Path> files = Peers.ctStudy(tmp.resolve("study"), "1.2.826.0.1.3680043.10.1001.2", 4, 64);
            List<Progress> seen = new ArrayList<>();
            Progress done = client.store(peer, files, seen::add);
            assertThat(done.completed()).isEqualTo(4);
            assertThat(done.failed()).isZero();
            assertThat(seen).extracting(Progress::remaining).containsExactly(3, 2, 1, 0);
            try (Stream<Path> stored = Files.list(out)) {
                List<Path> list = stored.toList();
                assertThat(list).hasSize(4);
                for (Path p : list) {
                    String uid = DicomFile.read(p).meta().mediaStorageSopInstanceUid();
                    assertThat(DicomFile.read(p).dataset())
                            .isEqualTo(DicomFile.read(tmp.resolve("study").resolve(uid + ".dcm")).dataset());
                }
            }
        } finally {
            storescp.destroy();
            storescp.waitFor();
        }
    }

    @Test
    void allowedCallingAesAndUserIdentityAreEnforced() throws Exception {
        server.close();
        server = DicomServer.start(NetSettings.of("CONSILIUM").withAllowedCallingAes(Set.of("MODALITY1"))
                .withUserCheck((user, password) -> "int1".equals(user) && "int1".equals(password)),
                "127.0.0.1", 0, new FolderStore(received));
        var peer = new RemoteAe("CONSILIUM", "127.0.0.1", server.port());
        new DicomClient(NetSettings.of("MODALITY1").withUser(new NetSettings.UserIdentity("int1", "int1"))).echo(peer);
        assertThatThrownBy(() -> new DicomClient(NetSettings.of("MODALITY1")
                .withUser(new NetSettings.UserIdentity("int1", "wrong"))).echo(peer))
                .hasMessageContaining("rejected").hasMessageContaining("permanent");
        assertThatThrownBy(() -> new DicomClient(NetSettings.of("STRANGER")
                .withUser(new NetSettings.UserIdentity("int1", "int1"))).echo(peer))
                .hasMessageContaining("calling AE title not recognized");
        var unknown = Peers.run(List.of("echoscu", "-aet", "STRANGER", "-aec", "CONSILIUM", "127.0.0.1",
                Integer.toString(server.port())));
        assertThat(unknown.exitCode()).isNotZero();
        Path file = Peers.ctStudy(tmp.resolve("one"), "1.2.826.0.1.3680043.10.1001.3", 1, 16).get(0);
        var identified = Peers.run(List.of("storescu", "-aet", "MODALITY1", "-aec", "CONSILIUM", "--user", "int1",
                "--password", "int1", "127.0.0.1", Integer.toString(server.port()), file.toString()));
        assertThat(identified.exitCode()).as(identified.output()).isZero();
        assertThat(received.resolve(file.getFileName())).exists();
        var refused = Peers.run(List.of("storescu", "-aet", "MODALITY1", "-aec", "CONSILIUM", "--user", "int1",
                "--password", "nope", "127.0.0.1", Integer.toString(server.port()), file.toString()));
        assertThat(refused.exitCode()).isNotZero();
    }
}
