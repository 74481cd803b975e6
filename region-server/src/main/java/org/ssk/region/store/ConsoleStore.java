package org.ssk.region.store;

import static org.ssk.region.store.ConsoleSql.*;

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
 * What the region console reads (centers with their last status, sales per day from the daily
 * aggregates, one center's entries) and the centers' status reports it shows. Each call its own
 * connection, like {@link RegionStore}. Thread-safe; blocking.
 */
public final class ConsoleStore {
    private final String url;

    ConsoleStore(String url) {
        this.url = url;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /**
     * A center as the console lists it. {@code headSeq}, {@code offlineShelves},
     * {@code openAlerts}, {@code statusMs}: from the center's last status report (null before any);
     * {@code caughtUpMs}: when the region last held every entry the center had reported.
     */
    public record CenterRow(String center, String name, long storedThrough, Long lastUploadMs, Long headSeq,
                            Integer offlineShelves, Integer openAlerts, Long statusMs, Long caughtUpMs,
                            long regionAlerts) {
        /** Entries the center has and the region not yet; null before any status report. */
        public Long lagEntries() {
            return headSeq == null ? null : Math.max(0, headSeq - storedThrough);
        }

        /** Seconds the region has been behind the center (0 when it is not); null before any status. */
        public Long lagSeconds(long nowMs) {
            Long lag = lagEntries();
            if (lag == null) {
                return null;
            }
            return lag == 0 || caughtUpMs == null ? 0 : Math.max(0, (nowMs - caughtUpMs) / 1000);
        }
    }

    /** Sale lines of one center, day (of the region's zone) and SKU, with the SKU's certificate for the day (fields null without one). */
    public record SaleDay(String center, String centerName, LocalDate day, String sku, long qty, long amountFen,
                          String certNumber, String product, String producer, String county, Integer households,
                          boolean certified) {
    }

    /** A stored entry as the drill-down shows it: its canonical text and hash as the center chained them. */
    public record EntryRow(long seq, Long tMs, String entry, String hash) {
    }

    public List<CenterRow> centers() throws SQLException {
        List<CenterRow> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(CENTERS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CenterRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getObject(4, Long.class),
                        rs.getObject(5, Long.class), rs.getObject(6, Integer.class), rs.getObject(7, Integer.class),
                        rs.getObject(8, Long.class), rs.getObject(9, Long.class), rs.getLong(10)));
            }
        }
        return out;
    }

    /** Stores a center's status report (the center authenticated); false for an unknown center. */
    public boolean status(String center, long headSeq, int offlineShelves, int openAlerts, long nowMs)
            throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(STATUS)) {
            ps.setLong(1, headSeq);
            ps.setLong(2, nowMs);
            ps.setLong(3, headSeq);
            ps.setInt(4, offlineShelves);
            ps.setInt(5, openAlerts);
            ps.setLong(6, nowMs);
            ps.setString(7, center);
            return ps.executeUpdate() == 1;
        }
    }

    /** Sale lines per center, day and SKU over the days [from, to) of the region's zone. */
    public List<SaleDay> salesByDay(LocalDate from, LocalDate to) throws SQLException {
        List<SaleDay> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(SALES_BY_DAY)) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SaleDay(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getObject(11, Integer.class), rs.getBoolean(12)));
                }
            }
        }
        return out;
    }

    /** The center's stored_through, or -1 for an unknown center. */
    public long storedThrough(String center) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(STORED_THROUGH)) {
            ps.setString(1, center);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Up to {@code limit} of the center's entries with seq at most {@code downFrom}, newest first. */
    public List<EntryRow> entriesDownFrom(String center, long downFrom, int limit) throws SQLException {
        List<EntryRow> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(ENTRIES_DOWN_FROM)) {
            ps.setString(1, center);
            ps.setLong(2, downFrom);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EntryRow(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }
}
