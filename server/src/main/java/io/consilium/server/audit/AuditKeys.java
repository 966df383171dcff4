package io.consilium.server.audit;

import io.consilium.audit.AuditSigningKey;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/** Finds the checkpoint signing key: from configuration, else from (or newly into) the key file. */
final class AuditKeys {

    private static final Logger LOG = Logger.getLogger(AuditKeys.class);

    private AuditKeys() {
    }

    static AuditSigningKey load(AuditConfig config) {
        if (config.signingKey().isPresent() != config.publicKey().isPresent()) {
            throw new ConfigurationException("consilium.audit.signing-key and consilium.audit.public-key must be "
                    + "set together", Set.of("consilium.audit.signing-key", "consilium.audit.public-key"));
        }
        if (config.signingKey().isPresent()) {
            try {
                return AuditSigningKey.decode(config.signingKey().get(), config.publicKey().get());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("consilium.audit.signing-key / public-key: " + e.getMessage(),
                        Set.of("consilium.audit.signing-key"));
            }
        }
        Path file = config.keyFile();
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.size() < 2) {
                throw new IllegalArgumentException("expected two lines (private key, public key)");
            }
            return AuditSigningKey.decode(lines.get(0), lines.get(1));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("consilium.audit.key-file=" + file + " cannot be used: " + e.getMessage(),
                    Set.of("consilium.audit.key-file"));
        }
    }

    private static void create(Path file) throws IOException {
        AuditSigningKey key = AuditSigningKey.generate();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "signing-key", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's own permissions protect the file.
        }
        Files.writeString(temporary, key.privateKeyBase64() + "\n" + key.publicKeyBase64() + "\n",
                StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            // A link, unlike a move, never replaces a key another process created meanwhile.
            Files.createLink(file, temporary);
            LOG.warnf("Generated a new audit signing key (id %s) in %s: back it up, or configure "
                    + "consilium.audit.signing-key / public-key", key.keyId(), file);
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first; use theirs.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
