package io.consilium.server.platform;

import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.jboss.logging.Logger;

/**
 * The one database this process uses: the embedded H2 file database by default, PostgreSQL under the
 * {@code postgres} profile. Both are declared at build time so one artifact serves both; this bean
 * migrates the active one on start and hands its Hibernate sessions to the rest of the application.
 */
@ApplicationScoped
public class ActiveDatabase {

    private static final Logger LOG = Logger.getLogger(ActiveDatabase.class);
    static final String EMBEDDED = "embedded";
    static final String POSTGRES = "postgres";

    private final String name;
    private final Instance<Flyway> flyways;
    private final Instance<Session> sessions;
    private final Instance<StatelessSession> statelessSessions;

    ActiveDatabase(@ConfigProperty(name = "quarkus.datasource.\"postgres\".active") boolean postgresActive,
            @Any Instance<Flyway> flyways, @Any Instance<Session> sessions,
            @Any Instance<StatelessSession> statelessSessions) {
        this.name = postgresActive ? POSTGRES : EMBEDDED;
        this.flyways = flyways;
        this.sessions = sessions;
        this.statelessSessions = statelessSessions;
    }

    /** The datasource name, as in {@code quarkus.datasource."NAME".*}. */
    public String name() {
        return name;
    }

    /** Runs the schema migrations before anything reads or writes; a bad URL stops the start. */
    void migrate(@Observes @Priority(20) StartupEvent event) {
        Flyway flyway = flyways.select(FlywayDataSource.FlywayDataSourceLiteral.of(name)).get();
        try {
            var result = flyway.migrate();
            LOG.infof("Database '%s' migrated: %d migrations applied now, schema version %s", name,
                    result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        } catch (RuntimeException e) {
            String setting = "quarkus.datasource.\"" + name + "\".jdbc.url";
            throw new ConfigurationException("Database '" + name + "' cannot be opened or migrated; check "
                    + setting + " and the credentials beside it: " + rootMessage(e), Set.of(setting));
        }
    }

    @Produces
    @ApplicationScoped
    Session session() {
        return sessions.select(new PersistenceUnit.PersistenceUnitLiteral(name)).get();
    }

    /** The active database's stateless session, bound to the current transaction (the audit sealer's writes). */
    @Produces
    @ApplicationScoped
    StatelessSession statelessSession() {
        return statelessSessions.select(new PersistenceUnit.PersistenceUnitLiteral(name)).get();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (cause: " + cause.getMessage() + ")";
    }
}
