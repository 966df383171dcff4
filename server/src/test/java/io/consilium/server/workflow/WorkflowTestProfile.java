package io.consilium.server.workflow;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * Workers on, a database of its own (no jobs left by other tests), short settle and poll times, and final
 * results sent by C-STORE to the real Orthanc that scripts/test.sh starts.
 */
public class WorkflowTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String orthancPort = System.getenv("CONSILIUM_TEST_ORTHANC_DICOM_PORT");
        if (orthancPort == null || orthancPort.isBlank()) {
            throw new IllegalStateException("CONSILIUM_TEST_ORTHANC_DICOM_PORT is not set: the workflow tests send "
                    + "results to the Orthanc that scripts/orthanc.sh starts (scripts/test.sh does this for you)");
        }
        return Map.of(
                "consilium.pacs.send-results", "true",
                "consilium.pacs.host", "127.0.0.1",
                "consilium.pacs.port", orthancPort,
                "consilium.role", "all",
                "consilium.data-dir", Path.of("target/test-data-workflow").toAbsolutePath().toString(),
                "consilium.routing.settle", "PT0.3S",
                "consilium.jobs.poll-interval", "PT0.1S",
                "consilium.jobs.backoff", "PT0.2S");
    }
}
