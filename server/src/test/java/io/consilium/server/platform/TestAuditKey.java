package io.consilium.server.platform;

import java.util.Map;

/**
 * The audit signing key of the shared test PostgreSQL database. Its checkpoints outlive any one test run,
 * so every run and process that writes there signs with this same key (a test-only key, never deployed).
 */
public final class TestAuditKey {

    public static final String PRIVATE = "MC4CAQAwBQYDK2VwBCIEIJL6l7L1cQi95rLnoJfHJGAGb8WVmlxV/VLu3Vg5z1+u";
    public static final String PUBLIC = "MCowBQYDK2VwAyEAAiEFHlZsCdHINX3ZTXItnM+uwaUda8TH+PubSRioHnQ=";

    private TestAuditKey() {
    }

    /** As configuration properties. */
    public static Map<String, String> properties() {
        return Map.of("consilium.audit.signing-key", PRIVATE, "consilium.audit.public-key", PUBLIC);
    }

    /** As the environment of a packaged application process. */
    public static Map<String, String> environment() {
        return Map.of("CONSILIUM_AUDIT_SIGNING_KEY", PRIVATE, "CONSILIUM_AUDIT_PUBLIC_KEY", PUBLIC);
    }
}
