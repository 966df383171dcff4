package io.consilium.server.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Reports the configured role, so an operator can see from /q/health which pods are API and which workers. */
@Liveness
@ApplicationScoped
class InstanceRoleHealthCheck implements HealthCheck {

    private final ConsiliumConfig config;

    InstanceRoleHealthCheck(ConsiliumConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        InstanceRole role = config.role();
        return HealthCheckResponse.named("instance-role").up()
                .withData("role", role.name().toLowerCase())
                .withData("servesApi", role.servesApi())
                .withData("runsJobs", role.runsJobs())
                .build();
    }
}
