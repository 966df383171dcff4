package io.consilium.server.platform;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The production {@code postgres} profile, pointed at the test server started by scripts/postgres.sh.
 * Without that server the tests fail with instructions rather than silently testing H2 only.
 */
public class PostgresTestProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "postgres";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        var overrides = new HashMap<>(TestAuditKey.properties());
        overrides.putAll(Map.of(
                "quarkus.datasource.\"postgres\".jdbc.url", required("CONSILIUM_TEST_PG_URL"),
                "quarkus.datasource.\"postgres\".username", required("CONSILIUM_TEST_PG_USER"),
                "quarkus.datasource.\"postgres\".password", required("CONSILIUM_TEST_PG_PASSWORD"),
                "consilium.data-dir", Path.of("target/test-data-pg").toAbsolutePath().toString(),
                "quarkus.http.port", "0",
                "quarkus.log.console.json.enabled", "false"));
        return overrides;
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: the PostgreSQL tests need the server that "
                    + "scripts/postgres.sh starts (scripts/test.sh does this for you)");
        }
        return value;
    }
}
