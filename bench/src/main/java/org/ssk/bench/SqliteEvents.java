package org.ssk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ssk.protocol.Codec;
import org.ssk.protocol.ShelfEvent;

/**
 * A SQLite event table with the ledger's pragmas (WAL, {@code synchronous=FULL}, as
 * {@code ledger.Database} opens it): one row per event id, {@code INSERT OR IGNORE} so a
 * redelivery is stored once. The fault tests' ledger (written before the ledger store existed;
 * the benches use the real store, {@link BenchLedger}). Not thread-safe: one caller at a time
 * (the ledger writer's worker thread, or a test loop).
 */
final class SqliteEvents implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement insert;

    SqliteEvents(Path file) throws SQLException, java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "FULL");
        p.setProperty("busy_timeout", "10000");
        c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ledger_event (event_id TEXT PRIMARY KEY, shelf TEXT NOT NULL,"
                    + " lane TEXT NOT NULL, type TEXT NOT NULL, sku TEXT, qty INTEGER, t_ms INTEGER NOT NULL,"
                    + " payload TEXT NOT NULL)");
        }
        insert = c.prepareStatement("INSERT OR IGNORE INTO ledger_event VALUES (?,?,?,?,?,?,?,?)");
    }

    /** Stores one event in its own transaction; true when it was new. */
    boolean append(ShelfEvent e) throws SQLException {
        bind(e);
        return insert.executeUpdate() == 1;
    }

    /** Stores the events in one transaction (one fsync); element i is true when event i was new. */
    List<Boolean> appendAll(List<ShelfEvent> events) throws SQLException {
        List<Boolean> fresh = new ArrayList<>(events.size());
        c.setAutoCommit(false);
        try {
            for (ShelfEvent e : events) {
                bind(e);
                fresh.add(insert.executeUpdate() == 1);
            }
            c.commit();
        } catch (SQLException ex) {
            c.rollback();
            throw ex;
        } finally {
            c.setAutoCommit(true);
        }
        return fresh;
    }

    long count() throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM ledger_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every stored event id, with repeats if any (the primary key should make that impossible). */
    List<String> ids() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT event_id FROM ledger_event")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private void bind(ShelfEvent e) throws SQLException {
        insert.setString(1, e.id());
        insert.setString(2, e.shelf());
        insert.setString(3, e.lane());
        insert.setString(4, e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        insert.setString(5, e.sku());
        insert.setObject(6, qty(e));
        insert.setLong(7, e.tMs());
        insert.setString(8, Codec.encodeToString(e));
    }

    private static Integer qty(ShelfEvent e) {
        return switch (e) {
            case org.ssk.protocol.Pick p -> p.qty();
            case org.ssk.protocol.Putback p -> p.qty();
            case org.ssk.protocol.Restock r -> r.qty();
            default -> null;
        };
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
