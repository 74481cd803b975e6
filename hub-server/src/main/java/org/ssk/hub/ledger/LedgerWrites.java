package org.ssk.hub.ledger;

import static org.ssk.hub.ledger.LedgerSql.*;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ssk.hub.catalog.CertFlag;
import org.ssk.hub.catalog.Product;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/**
 * The ledger's writes, as the writer thread of {@link JdbcLedger} runs them inside its batch
 * transaction on its connection: shelf events (one JDBC batch per run), sales at the price valid
 * at their time, stock entries; picks and sale lines with the product's certified flag of their
 * time ({@link CertFlag}). Each answers whether the entry was new (false: its id was stored
 * before) and throws {@link IllegalArgumentException} for an entry that can never be stored, which
 * fails that entry only. SQL from {@link LedgerSql}, values as parameters. Stateless.
 */
final class LedgerWrites {
    private LedgerWrites() {
    }

    /**
     * Inserts consecutive events, fastest way each database offers; element i says whether event
     * i was new (an id repeated inside the run is new only at its first occurrence).
     * <ul>
     *   <li>SQLite (in-process, no round trips): one JDBC batch of single-row inserts, whose
     *       update counts say which were new.</li>
     *   <li>PostgreSQL: {@code COPY} (rows as CSV, no statement per row) inside a savepoint; almost
     *       always every event is new. If one was stored before (a redelivery) the copy fails on
     *       the unique id, is rolled back to the savepoint, and the run goes as multi-row
     *       {@code INSERT … ON CONFLICT DO NOTHING RETURNING event_id} statements instead, which say
     *       which were new. Measured in docs/benchmarks.md, section 2: per-row statements cost
     *       PostgreSQL more than the rows themselves.</li>
     * </ul>
     */
    static List<Boolean> insertEvents(Connection c, Database.Dialect dialect, List<ShelfEvent> run, long receivedMs,
                                      ZoneId zone) throws SQLException {
        List<CertFlag> flags = pickFlags(c, run, zone);
        if (run.size() == 1 || dialect == Database.Dialect.SQLITE) {
            return insertBatch(c, run, flags, receivedMs);
        }
        if (run.size() >= COPY_FROM) {
            java.sql.Savepoint before = c.setSavepoint();
            try {
                copyEvents(c, run, flags, receivedMs);
                c.releaseSavepoint(before);
                return java.util.Collections.nCopies(run.size(), Boolean.TRUE);
            } catch (SQLException e) {
                c.rollback(before);
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        return insertRows(c, run, flags, receivedMs);
    }

    /**
     * The certified flag of each pick of the run on its local day in {@code zone} (null for other
     * events): one lookup per SKU picked in the run.
     */
    private static List<CertFlag> pickFlags(Connection c, List<ShelfEvent> run,
                                                               ZoneId zone) throws SQLException {
        Map<String, List<Product.Certification>> bySku = new HashMap<>();
        List<CertFlag> out = new ArrayList<>(run.size());
        for (ShelfEvent e : run) {
            out.add(pickFlag(c, e.type(), e.sku(), e.tMs(), zone, bySku));
        }
        return out;
    }

    /** A pick's certified flag (null for any other event type or without a SKU); {@code cache} holds SKUs looked up. */
    static CertFlag pickFlag(Connection c, String type, String sku, long tMs, ZoneId zone,
            Map<String, List<Product.Certification>> cache) throws SQLException {
        if (!"pick".equals(type) || sku == null) {
            return null;
        }
        List<Product.Certification> known = cache.get(sku);
        if (known == null) {
            known = certificates(c, sku);
            cache.put(sku, known);
        }
        return CertFlag.at(known, Instant.ofEpochMilli(tMs).atZone(zone).toLocalDate());
    }

    /** Fewer events than this go as statements: a copy and its savepoint cost more than they save. */
    static final int COPY_FROM = 8;
    private static final String UNIQUE_VIOLATION = "23505";

    private static List<Boolean> insertBatch(Connection c, List<ShelfEvent> run,
                                             List<CertFlag> flags, long receivedMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
            if (run.size() == 1) {
                bindEvent(ps, 0, run.get(0), flags.get(0), receivedMs);
                return List.of(ps.executeUpdate() == 1);
            }
            for (int i = 0; i < run.size(); i++) {
                bindEvent(ps, 0, run.get(i), flags.get(i), receivedMs);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Boolean> fresh = new ArrayList<>(counts.length);
            for (int n : counts) {
                if (n < 0) {
                    throw new SQLException("the JDBC driver did not report which events were new (" + n + ")");
                }
                fresh.add(n == 1);
            }
            return fresh;
        }
    }

    /** Multi-row inserts of up to {@link LedgerSql#EVENT_ROWS_PER_INSERT} rows that return the ids they stored. */
    private static List<Boolean> insertRows(Connection c, List<ShelfEvent> run,
                                            List<CertFlag> flags, long receivedMs)
            throws SQLException {
        java.util.Set<String> inserted = new java.util.HashSet<>();
        for (int from = 0; from < run.size(); from += EVENT_ROWS_PER_INSERT) {
            List<ShelfEvent> chunk = run.subList(from, Math.min(run.size(), from + EVENT_ROWS_PER_INSERT));
            String sql = LedgerSql.insertEventRows(chunk.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    bindEvent(ps, i * EVENT_PARAMS, chunk.get(i), flags.get(from + i), receivedMs);
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

    /** PostgreSQL {@code COPY} of the run into {@code shelf_event}, in order; fails whole on any stored id. */
    private static void copyEvents(Connection c, List<ShelfEvent> run, List<CertFlag> flags,
                                   long receivedMs) throws SQLException {
        StringBuilder csv = new StringBuilder(run.size() * 180);
        for (int i = 0; i < run.size(); i++) {
            ShelfEvent e = run.get(i);
            CertFlag flag = flags.get(i);
            Row r = Row.of(e);
            quoted(csv, e.id()).append(',');
            quoted(csv, e.type()).append(',');
            quoted(csv, e.shelf()).append(',');
            quoted(csv, e.lane()).append(',');
            quoted(csv, e.sku()).append(',');
            csv.append(e.tMs()).append(',').append(r.qty()).append(',').append(r.grams()).append(',');
            quoted(csv, r.detail()).append(',');
            csv.append(receivedMs).append(',');
            // An empty field is NULL (a lift, a sensor fault).
            csv.append(r.unseen() == null ? "" : r.unseen() ? "1" : "0").append(',');
            quoted(csv, flag == null ? null : flag.state().code()).append(',');
            quoted(csv, flag == null ? null : flag.number()).append('\n');
        }
        try {
            c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(COPY_EVENTS,
                    new java.io.StringReader(csv.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("copy of " + run.size() + " events failed: " + e.getMessage(), e);
        }
    }

    /**
     * A CSV field of {@code COPY … (FORMAT csv)}: quoted, quotes doubled, so commas, quotes and
     * line breaks are data; null stays an unquoted empty field, which COPY reads as NULL.
     */
    static StringBuilder quoted(StringBuilder csv, String v) {
        if (v == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            csv.append(ch);
            if (ch == '"') {
                csv.append('"');
            }
        }
        return csv.append('"');
    }

    /** What an event stores besides its header. */
    private record Row(int qty, double grams, String detail, Boolean unseen) {
        static Row of(ShelfEvent e) {
            return switch (e) {
                case Pick p -> new Row(p.qty(), p.grams(), null, p.unseen());
                case Putback p -> new Row(p.qty(), p.grams(), null, p.unseen());
                case Restock r -> new Row(r.qty(), r.grams(), null, r.unseen());
                case Lift l -> new Row(0, l.grams(), null, null);
                case Anomaly a -> new Row(0, a.grams(),
                        a.kind().wireName() + (a.detail().isEmpty() ? "" : ": " + a.detail()), LedgerWrites.unseen(a));
            };
        }
    }

    /**
     * The event's {@code unseen} as stored: whether the shelf counted it with no hand seen; null
     * where it does not apply (lifts, sensor faults).
     */
    static Boolean unseen(ShelfEvent e) {
        return switch (e) {
            case Pick p -> p.unseen();
            case Putback p -> p.unseen();
            case Restock r -> r.unseen();
            case Lift l -> null;
            case Anomaly a -> a.kind() == Anomaly.Kind.FOREIGN_ITEM ? a.unseen() : null;
        };
    }

    /** Binds an {@code unseen} column: 1, 0 or NULL. */
    static void bindUnseen(PreparedStatement ps, int index, Boolean unseen) throws SQLException {
        if (unseen == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, unseen ? 1 : 0);
        }
    }

    /**
     * Binds {@code e}, its {@code unseen} and its certified flag (null: none) to parameters
     * {@code at + 1} … {@code at + 13}.
     */
    private static void bindEvent(PreparedStatement ps, int at, ShelfEvent e, CertFlag flag,
                                  long receivedMs) throws SQLException {
        Row r = Row.of(e);
        ps.setString(at + 1, e.id());
        ps.setString(at + 2, e.type());
        ps.setString(at + 3, e.shelf());
        ps.setString(at + 4, e.lane());
        ps.setString(at + 5, e.sku());
        ps.setLong(at + 6, e.tMs());
        ps.setInt(at + 7, r.qty());
        ps.setDouble(at + 8, r.grams());
        ps.setString(at + 9, r.detail());
        ps.setLong(at + 10, receivedMs);
        bindUnseen(ps, at + 11, r.unseen());
        ps.setString(at + 12, flag == null ? null : flag.state().code());
        ps.setString(at + 13, flag == null ? null : flag.number());
    }

    /**
     * Stores the order's lines at the prices of its time, each with the product's certified flag
     * of that time ({@link CertFlag}, its local day in {@code zone}).
     */
    static boolean insertSale(Connection c, Sale sale, long receivedMs, ZoneId zone) throws SQLException {
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
        LocalDate day = Instant.ofEpochMilli(sale.tMs()).atZone(zone).toLocalDate();
        try (PreparedStatement ps = c.prepareStatement(INSERT_SALE_LINE)) {
            for (int i = 0; i < sale.lines().size(); i++) {
                Sale.Line l = sale.lines().get(i);
                CertFlag flag = CertFlag.at(certificates(c, l.sku()), day);
                ps.setString(12, flag.state().code());
                ps.setString(13, flag.number());
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

    /** Every certificate known for {@code sku}: the region's list, current and past, and the catalog's own. */
    static List<Product.Certification> certificates(Connection c, String sku)
            throws SQLException {
        List<Product.Certification> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CERTIFICATES_OF_SKU)) {
            ps.setString(1, sku);
            ps.setString(2, sku);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Product.Certification(rs.getString(1), "-",
                            rs.getString(2) == null ? null : LocalDate.parse(rs.getString(2)),
                            LocalDate.parse(rs.getString(3))));
                }
            }
        }
        return out;
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
