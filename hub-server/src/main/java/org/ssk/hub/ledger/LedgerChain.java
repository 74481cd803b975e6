package org.ssk.hub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;

/**
 * Assigns the ledger chain (table {@code ledger_chain}): {@link #seal} runs inside the writer's
 * transaction, after the batch's rows and before its commit, and gives every row of
 * {@code shelf_event}, {@code sale_line} and {@code stock_entry} not yet chained (those of the
 * batch; at start, any stored before the chain existed) the next sequence number and its hash.
 * The rows commit or roll back together with their chain entries, so the sequence has no gap and
 * no row is left unchained. Only the ledger's one writer connection calls {@link #seal}; the
 * state lives in the database, not here. Stateless; SQL in this class only for this table.
 *
 * <p>The canonical text of a row is a JSON object: {@code "src"} (the table) then every column
 * but {@code pos} in table order, strings escaped as JSON, numbers as Java prints them, SQL NULL
 * as {@code null}. Within a batch, rows go by table (events, sales, stock entries), then by pos.
 */
public final class LedgerChain {
    /** The chained tables and their columns after {@code pos}, in canonical order. */
    static final List<Source> SOURCES = List.of(
            new Source("shelf_event", "event_id, type, shelf, lane, sku, t_ms, qty, grams, detail, received_ms, unseen,"
                    + " cert_state, cert_number"),
            new Source("sale_line", "order_id, line_no, channel, t_ms, sku, qty, price_fen, amount_fen, shelf,"
                    + " refers_to, received_ms, cert_state, cert_number"),
            new Source("stock_entry", "entry_id, kind, shelf, lane, sku, t_ms, qty, counted, refers_to, note, by_user,"
                    + " received_ms"));

    record Source(String table, String columns) {
        String unchained() {
            return "SELECT pos, " + columns + " FROM " + table + " WHERE pos > ? ORDER BY pos";
        }
    }

    static final String HEAD = "SELECT seq, hash FROM ledger_chain ORDER BY seq DESC LIMIT 1";
    static final String LAST_POS = "SELECT MAX(source_pos) FROM ledger_chain WHERE source = ?";
    static final String INSERT = "INSERT INTO ledger_chain (seq, source, source_pos, entry, hash) VALUES (?, ?, ?, ?, ?)";
    static final String AFTER = "SELECT seq, entry, hash FROM ledger_chain WHERE seq > ? ORDER BY seq LIMIT ?";

    private LedgerChain() {
    }

    /** The newest chain entry: its sequence number (0: none yet) and hash. */
    public record Head(long seq, String hash) {
    }

    static Head head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HEAD); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, ChainHash.GENESIS);
        }
    }

    /** Chains every row not chained yet; returns how many it chained. Call inside the writing transaction. */
    static int seal(Connection c) throws SQLException {
        Head head = head(c);
        long seq = head.seq();
        String hash = head.hash();
        int chained = 0;
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Source s : SOURCES) {
                long after;
                try (PreparedStatement ps = c.prepareStatement(LAST_POS)) {
                    ps.setString(1, s.table());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        after = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(s.unchained())) {
                    ps.setLong(1, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String entry = canonical(s.table(), rs);
                            hash = ChainHash.next(hash, entry);
                            insert.setLong(1, ++seq);
                            insert.setString(2, s.table());
                            insert.setLong(3, rs.getLong(1));
                            insert.setString(4, entry);
                            insert.setString(5, hash);
                            insert.addBatch();
                            chained++;
                        }
                    }
                }
            }
            if (chained > 0) {
                insert.executeBatch();
            }
        }
        return chained;
    }

    /** Up to {@code limit} chain entries after {@code seq}, in order. */
    static List<ChainedEntry> after(Connection c, long seq, int limit) throws SQLException {
        List<ChainedEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(AFTER)) {
            ps.setLong(1, seq);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChainedEntry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** The canonical text of the current row (column 1 is pos, left out). */
    static String canonical(String table, ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder b = new StringBuilder(256).append("{\"src\":");
        json(b, table);
        for (int i = 2; i <= md.getColumnCount(); i++) {
            b.append(',');
            json(b, md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            b.append(':');
            Object v = rs.getObject(i);
            if (v == null) {
                b.append("null");
            } else if (v instanceof String str) {
                json(b, str);
            } else if (isFloating(md.getColumnType(i), v)) {
                b.append(Double.toString(rs.getDouble(i)));
            } else {
                b.append(rs.getLong(i));
            }
        }
        return b.append('}').toString();
    }

    private static boolean isFloating(int type, Object v) {
        return type == Types.DOUBLE || type == Types.FLOAT || type == Types.REAL || v instanceof Double
                || v instanceof Float;
    }

    /** {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
    static void json(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append('"');
    }
}
