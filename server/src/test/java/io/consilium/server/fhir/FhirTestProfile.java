package io.consilium.server.fhir;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/** The embedded default with {@link RecordedResults} standing in for the workflow's results. */
public class FhirTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordedResults.class);
    }
}
