package io.consilium.server.workflow;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * Workers on, a database of its own, and two routing rules on CT that name different models: {@code ct-organ}
 * the bundled phantom model as configured, {@code ct-retrained} (series described "Retrained ...", tried first)
 * a model directory that the test trains itself. No PACS: results stay in the built-in archive.
 */
public class TwoModelsTestProfile implements QuarkusTestProfile {

    /** Where {@link ModelIdentityTest} writes the second model; its folder name is the model's name. */
    static final Path RETRAINED = Path.of("target/test-models/phantom-retrained").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "consilium.role", "all",
                "consilium.data-dir", Path.of("target/test-data-models").toAbsolutePath().toString(),
                "consilium.routing.settle", "PT0.3S",
                "consilium.jobs.poll-interval", "PT0.1S",
                "consilium.jobs.backoff", "PT0.2S",
                "consilium.routing.rules.ct-retrained.modality", "CT",
                "consilium.routing.rules.ct-retrained.series-description", "Retrained.*",
                "consilium.routing.rules.ct-retrained.order", "10",
                "consilium.routing.rules.ct-retrained.model", RETRAINED.toString());
    }
}
