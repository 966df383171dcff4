package io.consilium.server.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready when results could not be written. */
@Readiness
@ApplicationScoped
class DataDirectoryHealthCheck implements HealthCheck {

    private final DataDirectory dataDirectory;

    DataDirectoryHealthCheck(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("data-directory")
                .status(dataDirectory.isWritable())
                .withData("path", dataDirectory.root().toString())
                .build();
    }
}
