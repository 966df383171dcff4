package io.consilium.server.retrieval;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded database, the PACS set to the test Orthanc, short retry backoff, and a pull rule for MR studies
 * polling every second (the other tests here use CT studies, which it leaves alone).
 */
public class OrthancTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        var config = new HashMap<>(TestPacs.properties());
        config.put("consilium.retrieval.pull.enabled", "true");
        config.put("consilium.retrieval.pull.interval", "1s");
        config.put("consilium.retrieval.pull.modalities", "MR");
        return config;
    }
}
