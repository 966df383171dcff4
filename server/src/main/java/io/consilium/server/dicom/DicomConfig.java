package io.consilium.server.dicom;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Our DICOM application entity ({@code consilium.dicom.*}): the SCP in the server and the SCU of tools and jobs. */
@ConfigMapping(prefix = "consilium.dicom")
public interface DicomConfig {

    /** Our AE title. */
    @WithDefault("CONSILIUM")
    String aet();

    /** Whether the server runs its C-STORE/C-ECHO SCP (the command-line tools turn it off). */
    @WithDefault("true")
    boolean listen();

    /** Interface the SCP binds to; loopback by default like HTTP. */
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("11112")
    int port();

    /** Calling AE titles the SCP accepts; empty: any. */
    Optional<List<String>> allowedCallingAets();

    @WithDefault("65536")
    int maxPduLength();

    @WithDefault("32")
    int maxAssociations();

    /** Connections open at once from one address; the last quarter of all is kept for peers seen before. */
    @WithDefault("8")
    int maxAssociationsPerPeer();

    @WithDefault("10s")
    Duration connectTimeout();

    /** ARTIM: how long to wait for A-ASSOCIATE and A-RELEASE answers. */
    @WithDefault("10s")
    Duration artimTimeout();

    /** An association silent this long is aborted. */
    @WithDefault("60s")
    Duration idleTimeout();

    Tls tls();

    /** JDK TLS on every association (SCP and SCU) when a key store is set. */
    interface Tls {
        /** PKCS#12 key store with our key and certificate. */
        Optional<Path> keyStore();

        Optional<String> keyStorePassword();

        /** PKCS#12 trust store of the peers' certificates (default: the JDK's). */
        Optional<Path> trustStore();

        Optional<String> trustStorePassword();
    }
}
