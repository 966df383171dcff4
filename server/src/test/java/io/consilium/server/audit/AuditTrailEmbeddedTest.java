package io.consilium.server.audit;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Statement;

@QuarkusTest
class AuditTrailEmbeddedTest extends AuditTrailContract {

    @Override
    void bypassAppendOnly(Statement statement) {
        // H2 has no append-only guard beyond the application's own code.
    }
}
