package org.ssk.hub.ledger;

import static org.ssk.hub.ledger.LedgerSql.*;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/**
 * The ledger's writes, as the writer thread of {@link JdbcLedger} runs them inside its batch
 * transaction on its connection: shelf events (one JDBC batch per run), sales at the price valid
 * at their time, stock entries. Each answers whether the entry was new (false: its id was stored
 * before) and throws {@link IllegalArgumentException} for an entry that can never be stored, which
 * fails that entry only. SQL from {@link LedgerSql}, values as parameters. Stateless.
 */
final class LedgerWrites {
    private LedgerWrites() {
    }

    /**
     * Inserts consecutive events with multi-row {@code INSERT … RETURNING event_id} statements of
     * up to {@link LedgerSql#EVENT_ROWS_PER_INSERT} rows; element i says whether event i was new.
     * One statement per 128 events instead of one per event: PostgreSQL parses, plans and executes
     * per statement, which cost it three times the work of the rows themselves (docs/benchmarks.md,
     * section 2). An id repeated inside the run is new only at its first occurrence.
     */
    static List<Boolean> insertEvents(Connection c, List<ShelfEvent> run, long receivedMs) throws SQLException {
        if (run.size() == 1) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
                bindEvent(ps, 0, run.get(0), receivedMs);
                return List.of(ps.executeUpdate() == 1);
            }
        }
        java.util.Set<String> inserted = new java.util.HashSet<>();
        for (int from = 0; from < run.size(); from += EVENT_ROWS_PER_INSERT) {
            List<ShelfEvent> chunk = run.subList(from, Math.min(run.size(), from + EVENT_ROWS_PER_INSERT));
            String sql = LedgerSql.insertEventRows(chunk.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    bindEvent(ps, i * 10, chunk.get(i), receivedMs);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
            }
        }
        List<Boolean> fresh = new ArrayList<>(run.size());
        for (ShelfEvent e : run) {
            fresh.add(inserted.remove(e.id()));
        }
        return fresh;
    }

    /** Binds {@code e} to parameters {@code at + 1} … {@code at + 10}. */
    private static void bindEvent(PreparedStatement ps, int at, ShelfEvent e, long receivedMs) throws SQLException {
        int qty = switch (e) {
            case Pick p -> p.qty();
            case Putback p -> p.qty();
            case Restock r -> r.qty();
            case Lift l -> 0;
            case Anomaly a -> 0;
        };
        double grams = switch (e) {
            case Pick p -> p.grams();
            case Putback p -> p.grams();
            case Restock r -> r.grams();
            case Lift l -> l.grams();
            case Anomaly a -> a.grams();
        };
        String detail = e instanceof Anomaly a ? a.kind().wireName() + (a.detail().isEmpty() ? "" : ": " + a.detail())
                : null;
        ps.setString(at + 1, e.id());
        ps.setString(at + 2, e.type());
        ps.setString(at + 3, e.shelf());
        ps.setString(at + 4, e.lane());
        ps.setString(at + 5, e.sku());
        ps.setLong(at + 6, e.tMs());
        ps.setInt(at + 7, qty);
        ps.setDouble(at + 8, grams);
        ps.setString(at + 9, detail);
        ps.setLong(at + 10, receivedMs);
    }

    static boolean insertSale(Connection c, Sale sale, long receivedMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ORDER_EXISTS)) {
            ps.setString(1, sale.orderId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        List<Long> prices = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PRICE_AT)) {
            for (Sale.Line l : sale.lines()) {
                ps.setString(1, l.sku());
                ps.setLong(2, sale.tMs());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("order " + sale.orderId() + ": " + l.sku()
                                + " has no price at the order time (unknown SKU?)");
                    }
                    prices.add(rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_SALE_LINE)) {
            for (int i = 0; i < sale.lines().size(); i++) {
                Sale.Line l = sale.lines().get(i);
                ps.setString(1, sale.orderId());
                ps.setInt(2, i + 1);
                ps.setString(3, sale.channel());
                ps.setLong(4, sale.tMs());
                ps.setString(5, l.sku());
                ps.setInt(6, l.qty());
                ps.setLong(7, prices.get(i));
                ps.setLong(8, prices.get(i) * l.qty());
                ps.setString(9, l.shelf());
                ps.setString(10, sale.refersTo());
                ps.setLong(11, receivedMs);
                ps.executeUpdate();
            }
        }
        return true;
    }

    /**
     * All of {@code entries} or none: inside the writer's batch transaction, a savepoint is rolled
     * back when one entry is refused, so the other writes of the batch still commit.
     */
    static boolean insertStockEntries(Connection c, List<StockEntry> entries, long receivedMs) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint();
        try {
            boolean anyNew = false;
            for (StockEntry e : entries) {
                anyNew |= insertStockEntry(c, e, receivedMs);
            }
            c.releaseSavepoint(before);
            return anyNew;
        } catch (IllegalArgumentException | SQLException e) {
            c.rollback(before);
            throw e;
        }
    }

    static boolean insertStockEntry(Connection c, StockEntry e, long receivedMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STOCK_ENTRY_EXISTS)) {
            ps.setString(1, e.entryId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(LANE_EXISTS)) {
            ps.setString(1, e.shelf());
            ps.setString(2, e.lane());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("shelf " + e.shelf() + " has no lane " + e.lane()
                            + " in the planogram");
                }
            }
        }
        int qty = e.qty();
        if (e.kind().equals(StockEntry.STOCKTAKE)) {
            try (PreparedStatement ps = c.prepareStatement(STOCK_OF_LANE)) {
                ps.setString(1, e.shelf());
                ps.setString(2, e.shelf());
                ps.setString(3, e.lane());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    qty = e.counted() - rs.getInt(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_STOCK_ENTRY)) {
            ps.setString(1, e.entryId());
            ps.setString(2, e.kind());
            ps.setString(3, e.shelf());
            ps.setString(4, e.lane());
            ps.setString(5, e.sku());
            ps.setLong(6, e.tMs());
            ps.setInt(7, qty);
            if (e.counted() == null) {
                ps.setNull(8, Types.INTEGER);
            } else {
                ps.setInt(8, e.counted());
            }
            ps.setString(9, e.refersTo());
            ps.setString(10, e.note());
            ps.setString(11, e.byUser());
            ps.setLong(12, receivedMs);
            return ps.executeUpdate() == 1;
        }
    }

}
