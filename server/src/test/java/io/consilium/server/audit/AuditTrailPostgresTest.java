package io.consilium.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consilium.server.platform.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Runs against the real PostgreSQL server that scripts/postgres.sh starts on 127.0.0.1. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class AuditTrailPostgresTest extends AuditTrailContract {

    /** The test role is a superuser, as an attacker with full database access would be. */
    @Override
    void bypassAppendOnly(Statement statement) throws SQLException {
        statement.execute("set local session_replication_role = replica");
    }

    @Test
    void theApplicationRoleCannotChangeOrRemoveAuditRows() {
        assertThatThrownBy(() -> plainSql("update audit_record set outcome_text = 'x'"))
                .hasStackTraceContaining("audit trail is append-only: UPDATE on audit_record refused");
        assertThatThrownBy(() -> plainSql("delete from audit_checkpoint"))
                .hasStackTraceContaining("audit trail is append-only: DELETE on audit_checkpoint refused");
        assertThatThrownBy(() -> plainSql("truncate audit_record"))
                .hasStackTraceContaining("append-only: TRUNCATE");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> {
            try (Statement statement = connection.createStatement();
                    var result = statement.executeQuery("select has_table_privilege(current_user, 'audit_record', "
                            + "'UPDATE'), has_table_privilege('public', 'audit_record', 'DELETE')")) {
                result.next();
                // A superuser keeps every privilege; the grants themselves are revoked.
                assertThat(result.getBoolean(2)).isFalse();
            }
        }));
    }

    private void plainSql(String sql) {
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }));
    }
}
