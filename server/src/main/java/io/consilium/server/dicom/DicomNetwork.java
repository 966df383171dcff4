package io.consilium.server.dicom;

import io.consilium.dicom.net.DicomClient;
import io.consilium.dicom.net.NetSettings;
import io.consilium.dicom.net.RemoteAe;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Turns the configuration into pacs-gateway's settings: our AE, the PACS, an SCU. */
@ApplicationScoped
public class DicomNetwork {

    private final DicomConfig config;
    private final PacsConfig pacs;
    private final NetSettings settings;

    DicomNetwork(DicomConfig config, PacsConfig pacs) {
        this.config = config;
        this.pacs = pacs;
        this.settings = NetSettings.of(config.aet())
                .withMaxPduLength(config.maxPduLength())
                .withTimeouts(config.connectTimeout(), config.artimTimeout(), config.idleTimeout())
                .withAllowedCallingAes(Set.copyOf(config.allowedCallingAets().orElse(List.of())))
                .withMaxAssociations(config.maxAssociations())
                .withMaxPerPeer(config.maxAssociationsPerPeer())
                .withTls(tls(config.tls()));
    }

    public NetSettings settings() {
        return settings;
    }

    public DicomConfig config() {
        return config;
    }

    public RemoteAe pacs() {
        return new RemoteAe(pacs.aet(), pacs.host(), pacs.port());
    }

    public DicomClient client() {
        return new DicomClient(settings);
    }

    private static SSLContext tls(DicomConfig.Tls tls) {
        if (tls.keyStore().isEmpty()) {
            return null;
        }
        try {
            char[] password = tls.keyStorePassword().orElse("").toCharArray();
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(tls.keyStore().get(), password), password);
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.trustStore().isPresent()
                    ? load(tls.trustStore().get(), tls.trustStorePassword().orElse("").toCharArray()) : null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("consilium.dicom.tls: cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("consilium.dicom.tls: cannot read " + file, e);
        }
    }
}
