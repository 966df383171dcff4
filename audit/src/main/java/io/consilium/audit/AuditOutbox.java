package io.consilium.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Audit events that commit with the caller's own transaction (table {@code audit_outbox}), waiting to be sealed.
 * An event is added in the transaction whose effect it records, so it exists exactly when that effect does;
 * {@link AuditSealer#sealOutboxed} then moves it into the chain and removes it here in one transaction.
 */
public final class AuditOutbox {

    private static final String COLUMNS = "stream, " + StoredRecord.EVENT_COLUMNS;

    private AuditOutbox() {
    }

    /** Adds an event in the connection's current transaction and returns its outbox id. */
    public static long add(Connection connection, String stream, AuditEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into audit_outbox (" + COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, stream);
            StoredRecord.of(stream, 0, event, null, null).bindEvent(insert, 2);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** An event waiting in the outbox. */
    record Entry(long id, String stream, AuditEvent event) {
    }

    /**
     * Locks and reads the given entries, oldest first. Entries another process has sealed and removed meanwhile are
     * not returned: the lock makes a second sealer wait for the first's commit.
     */
    static List<Entry> lock(Connection connection, List<Long> ids) throws SQLException {
        return lock(connection, " where id in (" + ids.stream().map(id -> "?").collect(Collectors.joining(", ")) + ")",
                select -> {
                    for (int i = 0; i < ids.size(); i++) {
                        select.setLong(i + 1, ids.get(i));
                    }
                });
    }

    /** Locks and reads the committed entries recorded before the given time, oldest first. */
    static List<Entry> lockRecordedBefore(Connection connection, Instant cutoff) throws SQLException {
        return lock(connection, " where recorded_at < ?",
                select -> select.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)));
    }

    private interface Binder {
        void bind(PreparedStatement select) throws SQLException;
    }

    private static List<Entry> lock(Connection connection, String where, Binder binder) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select id, " + COLUMNS + " from audit_outbox"
                + where + " order by id for update")) {
            binder.bind(select);
            var entries = new ArrayList<Entry>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getString(2), StoredRecord.readEvent(rows, 3)));
                }
            }
            return entries;
        }
    }

    static void remove(Connection connection, List<Entry> entries) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from audit_outbox where id = ?")) {
            for (Entry entry : entries) {
                delete.setLong(1, entry.id());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }
}
