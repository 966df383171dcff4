package io.consilium.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceRoleTest {

    @Test
    void onlyTheSingleMachineRoleDoesBoth() {
        assertThat(InstanceRole.ALL.servesApi()).isTrue();
        assertThat(InstanceRole.ALL.runsJobs()).isTrue();
        assertThat(InstanceRole.API.servesApi()).isTrue();
        assertThat(InstanceRole.API.runsJobs()).isFalse();
        assertThat(InstanceRole.WORKER.servesApi()).isFalse();
        assertThat(InstanceRole.WORKER.runsJobs()).isTrue();
    }
}
