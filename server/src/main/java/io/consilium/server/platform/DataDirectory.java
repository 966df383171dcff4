package io.consilium.server.platform;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The data directory of the embedded default: created on start, refused loudly when unusable. */
@ApplicationScoped
public class DataDirectory {

    static final String SETTING = "consilium.data-dir";

    private final Path root;

    DataDirectory(ConsiliumConfig config) {
        this.root = config.dataDir().normalize();
    }

    /** Runs before the database opens its files in there. */
    void prepare(@Observes @Priority(10) StartupEvent event) {
        // The H2 URL is built from this path, and H2 refuses paths relative to the working directory.
        if (!root.isAbsolute()) {
            throw new ConfigurationException(
                    SETTING + "=" + root + " must be an absolute path", Set.of(SETTING));
        }
        try {
            Files.createDirectories(root);
        } catch (IOException | SecurityException e) {
            throw new ConfigurationException(
                    SETTING + "=" + root + " cannot be used as the data directory: " + e, Set.of(SETTING));
        }
        if (!Files.isWritable(root)) {
            throw new ConfigurationException(
                    SETTING + "=" + root + " is not writable by this process", Set.of(SETTING));
        }
    }

    public Path root() {
        return root;
    }

    public boolean isWritable() {
        return Files.isDirectory(root) && Files.isWritable(root);
    }
}
