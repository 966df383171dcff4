package io.consilium.server.workflow;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** Workers on, a database of its own (no jobs left by other tests), short settle and poll times. */
public class WorkflowTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "consilium.role", "all",
                "consilium.data-dir", Path.of("target/test-data-workflow").toAbsolutePath().toString(),
                "consilium.routing.settle", "PT0.3S",
                "consilium.jobs.poll-interval", "PT0.1S",
                "consilium.jobs.backoff", "PT0.2S");
    }
}
