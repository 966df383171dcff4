package io.consilium.server.audit;

import io.consilium.audit.AtnaSyslogSender;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The audit trail's settings (prefix {@code consilium.audit}). */
@ConfigMapping(prefix = "consilium.audit")
public interface AuditConfig {

    /** The chain this server appends to. */
    @WithDefault("consilium")
    String stream();

    /** A signed checkpoint every this many records (fixed per stream when it is first opened). */
    @WithDefault("1000")
    int checkpointInterval();

    /** Most records sealed in one transaction. */
    @WithDefault("500")
    int maxBatch();

    /** How long an audited action waits for its record to be durable before it fails. */
    @WithDefault("10s")
    Duration writeTimeout();

    /** Ed25519 private key, Base64 PKCS#8. */
    Optional<String> signingKey();

    /** Ed25519 public key, Base64 X.509. */
    Optional<String> publicKey();

    /** Where the generated key pair is kept when no key is configured. */
    Path keyFile();

    /** The audit source: this installation's name in exported and forwarded records. */
    @WithDefault("consilium")
    String sourceId();

    Syslog syslog();

    /** The IHE ATNA audit record repository. */
    interface Syslog {
        Optional<String> host();

        @WithDefault("514")
        int port();

        @WithDefault("UDP")
        AtnaSyslogSender.Transport transport();
    }
}
