package io.consilium.server.platform;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The production {@code postgres} profile, pointed at the test server of {@link TestPostgres}. */
public class PostgresTestProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "postgres";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        TestPostgres postgres = TestPostgres.fromEnvironment();
        var overrides = new HashMap<>(TestAuditKey.properties());
        overrides.putAll(Map.of(
                "quarkus.datasource.\"postgres\".jdbc.url", postgres.url(),
                "quarkus.datasource.\"postgres\".username", postgres.user(),
                "quarkus.datasource.\"postgres\".password", postgres.password(),
                "consilium.data-dir", Path.of("target/test-data-pg").toAbsolutePath().toString(),
                "quarkus.http.port", "0",
                "consilium.dicom.port", "0",
                "quarkus.log.console.json.enabled", "false",
                // As under the test profile: tests that do not exercise the workflow only enqueue jobs.
                "consilium.role", "api"));
        return overrides;
    }
}
