package io.consilium.server.platform;

/**
 * The PostgreSQL server that scripts/postgres.sh starts for the tests on 127.0.0.1. Without it the tests
 * fail with instructions rather than silently testing H2 only.
 */
public record TestPostgres(String url, String user, String password) {

    public static TestPostgres fromEnvironment() {
        return new TestPostgres(required("CONSILIUM_TEST_PG_URL"), required("CONSILIUM_TEST_PG_USER"),
                required("CONSILIUM_TEST_PG_PASSWORD"));
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
