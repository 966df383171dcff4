package io.consilium.server.workflow;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.consilium.server.retrieval.TestPacs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Workers on, a database of its own (no jobs left by other tests), short settle and poll times, and the real
 * Orthanc that scripts/test.sh starts as the PACS: studies are pulled from it and final results sent to it.
 */
public class WorkflowTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        var config = new HashMap<>(TestPacs.properties());
        config.putAll(Map.of(
                "consilium.pacs.send-results", "true",
                "consilium.role", "all",
                "consilium.data-dir", Path.of("target/test-data-workflow").toAbsolutePath().toString(),
                "consilium.routing.settle", "PT0.3S",
                "consilium.jobs.poll-interval", "PT0.1S",
                "consilium.jobs.backoff", "PT0.2S"));
        return config;
    }
}
