package org.ssk.hub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the ledger (台账) as one list for people: shelf events, sale lines, staff stock
 * entries and operators' decisions on quarantined events (source quarantine, kind released or
 * rejected, at the decision's time, qty 0: a released event is also listed as the event it is), newest first, filtered by time, kind, shelf and SKU, a page at a time. All its SQL is
 * here; filters are parameters only. Blocking (JDBC); thread-safe (a connection per call).
 */
public final class LedgerEntries {
    /** What the list can be narrowed to: a source (event, sale, stock) or one kind (pick, stocktake, …). */
    public static final List<String> KINDS = List.of("event", "sale", "stock", "lift", "pick", "putback", "restock",
            "anomaly", "restock_declared", "stocktake", "correction", "quarantine", "released", "rejected");
    public static final int MAX_LIMIT = 1000;

    private static final String ALL = "SELECT 'event' AS source, type AS kind, event_id AS ref, shelf, lane, sku, t_ms,"
            + " qty, CAST(NULL AS BIGINT) AS amount_fen, CAST(NULL AS INTEGER) AS counted, CAST(NULL AS TEXT) AS"
            + " refers_to, detail AS note, CAST(NULL AS TEXT) AS by_user, unseen, pos FROM shelf_event"
            + " UNION ALL SELECT 'sale', 'sale', order_id, shelf, NULL, sku, t_ms, qty, amount_fen, NULL, refers_to,"
            + " channel, NULL, NULL, pos FROM sale_line"
            + " UNION ALL SELECT 'stock', kind, entry_id, shelf, lane, sku, t_ms, qty, NULL, counted, refers_to, note,"
            + " by_user, NULL, pos FROM stock_entry"
            + " UNION ALL SELECT 'quarantine', d.decision, q.event_id, q.shelf, q.lane, q.sku, d.decided_ms, 0, NULL,"
            + " NULL, NULL, q.type || ' (' || q.kind || '): ' || q.reason, d.by_user, NULL, q.pos"
            + " FROM quarantine_decision d JOIN quarantined_event q ON q.event_id = d.event_id";
    private static final String WHERE = " WHERE t_ms >= ? AND t_ms < ?"
            + " AND (CAST(? AS TEXT) IS NULL OR source = ? OR kind = ?)"
            + " AND (CAST(? AS TEXT) IS NULL OR shelf = ?) AND (CAST(? AS TEXT) IS NULL OR sku = ?)"
            + " AND (? = 1 OR kind <> 'lift')";
    private static final String PAGE = "SELECT source, kind, ref, shelf, lane, sku, t_ms, qty, amount_fen, counted,"
            + " refers_to, note, by_user, unseen FROM (" + ALL + ") e" + WHERE + " ORDER BY t_ms DESC, source, pos DESC"
            + " LIMIT ? OFFSET ?";
    private static final String COUNT = "SELECT COUNT(*) FROM (" + ALL + ") e" + WHERE;

    /**
     * One line of the ledger. {@code source}: event, sale, stock or quarantine; {@code kind}: the event type,
     * "sale", or the stock entry kind; {@code ref}: event id, order id or entry id; {@code note}: the
     * event detail, the sale channel or the staff note. {@code amountFen} only for sales,
     * {@code counted} only for stock-takes. {@code unseen} only for shelf events: the shelf counted the
     * change with no hand seen by its proximity sensor (null for lifts, sensor faults and events stored
     * before the ledger kept it).
     */
    public record Entry(String source, String kind, String ref, String shelf, String lane, String sku, long tMs,
                        int qty, Long amountFen, Integer counted, String refersTo, String note, String byUser,
                        Boolean unseen) {
    }

    /**
     * What to list: times in [fromMs, toMs); null filters match everything. {@code lifts} false
     * leaves out the provisional lifts (quantity 0, shown on kiosks, never stock or money) unless
     * {@code kind} asks for them.
     */
    public record Query(long fromMs, long toMs, String kind, String shelf, String sku, int limit, int offset,
                        boolean lifts) {
        /** Every kind, lifts included. */
        public Query(long fromMs, long toMs, String kind, String shelf, String sku, int limit, int offset) {
            this(fromMs, toMs, kind, shelf, sku, limit, offset, true);
        }

        public Query {
            if (kind != null && !KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind must be one of " + String.join(", ", KINDS) + ", was: " + kind);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was: " + limit);
            }
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0, was: " + offset);
            }
            if (fromMs > toMs) {
                throw new IllegalArgumentException("from must not be after to");
            }
        }
    }

    /** A page of entries and how many match in all. */
    public record Page(List<Entry> entries, long total) {
    }

    private final Database db;

    public LedgerEntries(Database db) {
        this.db = db;
    }

    public Page list(Query q) throws SQLException {
        List<Entry> out = new ArrayList<>();
        long total;
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                bind(ps, q);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(PAGE)) {
                int i = bind(ps, q);
                ps.setInt(i++, q.limit());
                ps.setInt(i, q.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8),
                                rs.getObject(9) == null ? null : rs.getLong(9),
                                rs.getObject(10) == null ? null : rs.getInt(10), rs.getString(11), rs.getString(12),
                                rs.getString(13), rs.getObject(14) == null ? null : rs.getInt(14) == 1));
                    }
                }
            }
        }
        return new Page(out, total);
    }

    private static int bind(PreparedStatement ps, Query q) throws SQLException {
        int i = 1;
        ps.setLong(i++, q.fromMs());
        ps.setLong(i++, q.toMs());
        for (String v : new String[] {q.kind(), q.kind(), q.kind(), q.shelf(), q.shelf(), q.sku(), q.sku()}) {
            ps.setString(i++, v);
        }
        ps.setInt(i++, q.lifts() || "lift".equals(q.kind()) || "event".equals(q.kind()) ? 1 : 0);
        return i;
    }
}
