package org.ssk.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.Pick;

/**
 * The ceiling a ledger store could reach: the same pick rows the hub stores, written straight
 * into the ledger's {@code shelf_event} table of a freshly migrated database (same schema,
 * indexes and, for SQLite, the same WAL / {@code synchronous=FULL} connection), without MQTT or
 * the hub. Each method returns rows per second. Not thread-safe.
 */
final class RawInserts {
    static final String INSERT = "INSERT INTO shelf_event (event_id, type, shelf, lane, sku, t_ms, qty, grams, detail,"
            + " received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    static final String COPY = "COPY shelf_event (event_id, type, shelf, lane, sku, t_ms, qty, grams, detail,"
            + " received_ms) FROM STDIN (FORMAT csv)";

    private RawInserts() {
    }

    /** Prepared-statement batches of {@code batch} rows, one transaction (one commit) per batch. */
    static double batched(Database db, List<Pick> rows, int batch) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            for (int i = 0; i < rows.size(); i++) {
                bind(ps, rows.get(i));
                ps.addBatch();
                if ((i + 1) % batch == 0 || i == rows.size() - 1) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            return rows.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** One row per transaction: what a writer without group commit gets. */
    static double single(Database db, List<Pick> rows) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            long t0 = System.nanoTime();
            for (Pick p : rows) {
                bind(ps, p);
                ps.executeUpdate();
            }
            return rows.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** PostgreSQL only: {@code COPY} in chunks of {@code batch} rows, one transaction per chunk. */
    static double copy(Database db, List<Pick> rows, int batch) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            var api = c.unwrap(PGConnection.class).getCopyAPI();
            long t0 = System.nanoTime();
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < rows.size(); i++) {
                Pick p = rows.get(i);
                csv.append(p.id()).append(",pick,").append(p.shelf()).append(',').append(p.lane()).append(',')
                        .append(p.sku()).append(',').append(p.tMs()).append(',').append(p.qty()).append(',')
                        .append(p.grams()).append(",,").append(p.tMs()).append('\n');
                if ((i + 1) % batch == 0 || i == rows.size() - 1) {
                    api.copyIn(COPY, new StringReader(csv.toString()));
                    c.commit();
                    csv.setLength(0);
                }
            }
            return rows.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static void bind(PreparedStatement ps, Pick p) throws SQLException {
        ps.setString(1, p.id());
        ps.setString(2, p.type());
        ps.setString(3, p.shelf());
        ps.setString(4, p.lane());
        ps.setString(5, p.sku());
        ps.setLong(6, p.tMs());
        ps.setInt(7, p.qty());
        ps.setDouble(8, p.grams());
        ps.setString(9, null);
        ps.setLong(10, p.tMs());
    }
}
