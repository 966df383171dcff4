package io.consilium.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.dicom.DicomFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Associations over JDK TLS with a certificate made by keytool for the test. */
class TlsTest {

    @TempDir
    Path tmp;

    @Test
    void echoAndStoreOverTlsAndPlainPeersAreTurnedAway() throws Exception {
        Path keyStore = tmp.resolve("scp.p12");
        var run = Peers.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "scp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit",
                "-keypass", "changeit"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        SSLContext tls = context(keyStore);
        Path received = tmp.resolve("received");
        try (var server = DicomServer.start(NetSettings.of("CONSILIUM").withTls(tls), "127.0.0.1", 0,
                new FolderStore(received))) {
            var peer = new RemoteAe("CONSILIUM", "127.0.0.1", server.port());
            var client = new DicomClient(NetSettings.of("TLSCLIENT").withTls(tls));
            client.echo(peer);
            List<Path> files = Peers.ctStudy(tmp.resolve("study"), "1.2.826.0.1.3680043.10.1004.1", 2, 32);
            assertThat(client.store(peer, files, p -> { }).completed()).isEqualTo(2);
            assertThat(DicomFile.read(received.resolve(files.get(0).getFileName())).dataset())
                    .isEqualTo(DicomFile.read(files.get(0)).dataset());
            assertThatThrownBy(() -> new DicomClient(NetSettings.of("PLAIN")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))).echo(peer))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static SSLContext context(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, "changeit".toCharArray());
        }
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
