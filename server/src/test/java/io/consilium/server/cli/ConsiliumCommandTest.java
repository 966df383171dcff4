package io.consilium.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class ConsiliumCommandTest {

    @Test
    @Launch("--help")
    void helpListsTheSubcommands(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: consilium").contains("serve")
                .contains("Start the Consilium server");
    }

    @Test
    @Launch(value = "no-such-command", exitCode = 2)
    void unknownSubcommandIsAnError(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("Unmatched argument").contains("no-such-command");
    }
}
