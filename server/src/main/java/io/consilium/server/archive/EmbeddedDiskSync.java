package io.consilium.server.archive;

import io.agroal.api.AgroalDataSource;
import io.consilium.server.platform.ActiveDatabase;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * On the embedded H2 database, an instance is acknowledged only once the commit that indexed it is synced to
 * disk. With {@code WRITE_DELAY=0} H2 writes every commit to its file before the commit returns, which a killed
 * JVM survives; it syncs the file (fsync) only when told to, which a power loss needs: {@code CHECKPOINT SYNC}
 * after the commit, in the storing thread, before the C-STORE or STOW-RS answer. It syncs everything committed
 * before too (the study's audit record, the series' job). PostgreSQL syncs its log on every commit itself.
 */
@ApplicationScoped
class EmbeddedDiskSync {

    private static final Logger LOG = Logger.getLogger(EmbeddedDiskSync.class);

    private final AgroalDataSource embedded;

    EmbeddedDiskSync(ActiveDatabase database, @Any Instance<AgroalDataSource> pools) {
        this.embedded = "embedded".equals(database.name())
                ? pools.select(new DataSource.DataSourceLiteral(database.name())).get()
                : null;
    }

    void onStored(@Observes(during = TransactionPhase.AFTER_SUCCESS) InstanceStored event) {
        if (embedded == null) {
            return;
        }
        try (Connection connection = embedded.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        } catch (SQLException e) {
            LOG.errorf("the embedded database could not be synced to disk after storing an instance (SQLState %s)",
                    e.getSQLState());
        }
    }
}
