package org.ssk.region.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The region's daily report: the daily aggregates ({@code region_daily}) of every center, or of
 * one, over a period of days (of the region's zone), at most {@link #MAX_ROWS} rows a call. Each call opens its own
 * connection, like {@link RegionStore}; thread-safe.
 */
public final class DailyReport {
    /** Most rows one report answers; more is said by {@link Page#truncated()}. */
    public static final int MAX_ROWS = 50_000;
    private final String jdbcUrl;

    DailyReport(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** One aggregate row: center, day (of the region's zone), source table, kind, SKU; entries, quantity and amount in fen. */
    public record Row(String center, LocalDate day, String src, String kind, String sku, long entries, long qty,
                      long amountFen) {
    }

    /** The rows in order (center, day, source, kind, SKU); {@code truncated}: more than {@link #MAX_ROWS}. */
    public record Page(List<Row> rows, boolean truncated) {
    }

    /** Days {@code from} to {@code to}, both included; {@code center} null: every center. */
    public Page rows(LocalDate from, LocalDate to, String center) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement(RegionSql.DAILY_REPORT)) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            ps.setString(3, center);
            ps.setString(4, center);
            ps.setInt(5, MAX_ROWS + 1);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
            boolean truncated = rows.size() > MAX_ROWS;
            return new Page(truncated ? List.copyOf(rows.subList(0, MAX_ROWS)) : rows, truncated);
        }
    }
}
