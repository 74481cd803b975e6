package org.ssk.hub.ledger;

import static org.ssk.hub.ledger.LedgerSql.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side of {@link JdbcLedger}: every read opens a connection of its own, so it sees only
 * committed rows and never waits for the writer thread. Thread-safe (holds no state but the
 * database).
 */
final class LedgerReads {
    private final Database db;

    LedgerReads(Database db) {
        this.db = db;
    }

    List<QuarantinedEvent> quarantined(boolean pendingOnly) throws SQLException {
        try (Connection c = db.connect()) {
            return QuarantineWrites.list(c, pendingOnly);
        }
    }

    List<org.ssk.protocol.region.ChainedEntry> chainAfter(long seq, int limit) throws SQLException {
        try (Connection c = db.connect()) {
            return LedgerChain.after(c, seq, limit);
        }
    }

    LedgerChain.Head chainHead() throws SQLException {
        try (Connection c = db.connect()) {
            return LedgerChain.head(c);
        }
    }

    /** The committed chain as the region uploader reads it. */
    org.ssk.hub.region.ChainSource chainSource() {
        return new org.ssk.hub.region.ChainSource() {
            @Override
            public long headSeq() throws SQLException {
                return chainHead().seq();
            }

            @Override
            public List<org.ssk.protocol.region.ChainedEntry> after(long seq, int limit) throws SQLException {
                return chainAfter(seq, limit);
            }
        };
    }

    Map<String, Integer> stockByLane(String shelf) throws SQLException {
        Map<String, Integer> stock = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(STOCK_BY_LANE)) {
            ps.setString(1, shelf);
            ps.setString(2, shelf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stock.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return stock;
    }

    List<StoredEvent> events(String shelf) throws SQLException {
        return query(EVENTS_OF_SHELF, List.of(shelf), LedgerReads::storedEvent);
    }

    List<StoredEvent> events(long fromMs, long toMs) throws SQLException {
        return query(EVENTS_BETWEEN, List.of(fromMs, toMs), LedgerReads::storedEvent);
    }

    List<SaleLine> sales(long fromMs, long toMs) throws SQLException {
        return query(SALES_BETWEEN, List.of(fromMs, toMs), rs -> new SaleLine(rs.getLong(1), rs.getString(2),
                rs.getInt(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getInt(7), rs.getLong(8),
                rs.getLong(9), rs.getString(10), rs.getString(11)));
    }

    List<StockEntry> stockEntries(long fromMs, long toMs) throws SQLException {
        return query(STOCK_ENTRIES_BETWEEN, List.of(fromMs, toMs), rs -> new StockEntry(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8),
                rs.getObject(9) == null ? null : rs.getInt(9), rs.getString(10), rs.getString(11), rs.getString(12)));
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> params, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        }
        return out;
    }

    private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getDouble(9), rs.getString(10), rs.getLong(11),
                rs.getObject(12) == null ? null : rs.getInt(12) == 1);
    }
}
