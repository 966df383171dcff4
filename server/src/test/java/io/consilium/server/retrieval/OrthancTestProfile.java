package io.consilium.server.retrieval;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The embedded database, the PACS set to the test Orthanc, short retry backoff. */
public class OrthancTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return TestPacs.properties();
    }
}
