package org.ssk.hub.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ssk.hub.ledger.Database;

/**
 * The SQL of the reports, in one place: sale lines and lifts of a period summed by the database
 * per SKU and, when asked, per shelf and per local day (same SQL on SQLite and PostgreSQL; the
 * migration {@code V20} gives both tables a covering index starting with the time). Read-only,
 * on a connection of its own per query; thread-safe.
 */
final class ReportSql {
    private static final long DAY_MS = 86_400_000L;

    private ReportSql() {
    }

    /** Which columns besides the SKU the sums are grouped by. */
    record Grouping(boolean shelf, boolean day) {
    }

    /** Times [fromMs, toMs) in which the center's zone is {@code offsetMs} ahead of UTC. */
    record Span(long fromMs, long toMs, long offsetMs) {
    }

    /**
     * Sale lines of one group: {@code shelf} null for online sales or when not grouped by shelf,
     * {@code day} the local epoch day (0 when not grouped by day); {@code anySold}: some line had a
     * positive quantity (its producer counts as driven).
     */
    record Sales(String sku, String shelf, long day, long units, long amountFen, long shelfUnits, boolean anySold) {
    }

    /** Lifts of one group, as {@link Sales}; {@code sku} may be null. */
    record Lifts(String sku, String shelf, long day, long count) {
    }

    static List<Sales> sales(Database db, Grouping g, Span span) throws SQLException {
        String sql = select(g, span) + ", SUM(qty), SUM(amount_fen), SUM(CASE WHEN shelf IS NULL THEN 0 ELSE qty END),"
                + " MAX(CASE WHEN qty > 0 THEN 1 ELSE 0 END) FROM sale_line WHERE t_ms >= ? AND t_ms < ?"
                + groupBy(g);
        List<Sales> out = new ArrayList<>();
        query(db, sql, span, rs -> out.add(new Sales(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6), rs.getInt(7) == 1)));
        return out;
    }

    static List<Lifts> lifts(Database db, Grouping g, Span span) throws SQLException {
        String sql = select(g, span) + ", COUNT(*) FROM shelf_event WHERE type = 'lift' AND t_ms >= ? AND t_ms < ?"
                + groupBy(g);
        List<Lifts> out = new ArrayList<>();
        query(db, sql, span, rs -> out.add(new Lifts(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))));
        return out;
    }

    /** SKU, shelf (or NULL), local epoch day (or 0); the offset is a number of ours, not input. */
    private static String select(Grouping g, Span span) {
        return "SELECT sku, " + (g.shelf() ? "shelf" : "NULL") + ", "
                + (g.day() ? "(t_ms + " + span.offsetMs() + ") / " + DAY_MS : "0");
    }

    /** By position, so the day expression is not repeated (SQLite and PostgreSQL both accept it). */
    private static String groupBy(Grouping g) {
        return " GROUP BY 1" + (g.shelf() ? ", 2" : "") + (g.day() ? ", 3" : "");
    }

    /** Units and amount of one SKU's sale lines flagged as sold after its certificate had expired. */
    record ExpiredCert(String sku, String certNumber, long units, long amountFen) {
    }

    /** The sale lines of [fromMs, toMs) whose ledger flag says the certificate had expired, summed per SKU. */
    static List<ExpiredCert> expiredCertSales(Database db, long fromMs, long toMs) throws SQLException {
        String sql = "SELECT sku, MAX(cert_number), SUM(qty), SUM(amount_fen) FROM sale_line"
                + " WHERE cert_state = 'expired' AND t_ms >= ? AND t_ms < ? GROUP BY sku";
        List<ExpiredCert> out = new ArrayList<>();
        query(db, sql, new Span(fromMs, toMs, 0), rs -> out.add(new ExpiredCert(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getLong(4))));
        return out;
    }

    @FunctionalInterface
    private interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(Database db, String sql, Span span, RowSink sink) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, span.fromMs());
            ps.setLong(2, span.toMs());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        }
    }
}
