package org.ssk.region.store;

import static org.ssk.region.store.RegionSql.*;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.ssk.region.ingest.DailyTotals;
import org.ssk.region.ingest.EntryFacts;

/**
 * The region's daily aggregates ({@code region_daily}) and the zone their days are counted in
 * ({@code region_setting.daily_zone}, V20): adding a batch's sums inside its transaction, claiming
 * or checking the zone when a server starts, and rebuilding every aggregate in another zone. The
 * days of one database are all of one zone: a batch adds only while the stored zone is its
 * server's, checked after its rows are written so that a rebuild committed meanwhile is seen.
 */
public final class DailyAggregates {
    /** Rows written by one statement of a rebuild. */
    private static final int WRITE_ROWS = 50_000;
    /** Entries read between two progress lines within one center. */
    private static final long PROGRESS_EVERY = 500_000;

    private DailyAggregates() {
    }

    /**
     * What a rebuild did: the zone the days were counted in before (null: none was recorded),
     * entries read, aggregate rows written.
     */
    public record Rebuilt(ZoneId before, ZoneId zone, long entries, long rows) {
    }

    /**
     * Adds a batch's daily sums in {@code zone} (summed in memory first: one row per key) in one
     * statement, then checks that {@code zone} is still the stored one ({@link DailyZoneMismatch}
     * otherwise: the caller rolls back).
     */
    static void add(Connection c, String center, List<EntryFacts> facts, ZoneId zone) throws SQLException {
        Map<DailyTotals.Key, DailyTotals.Sum> sums = DailyTotals.of(facts, zone);
        if (sums.isEmpty()) {
            return;
        }
        write(c, center, new ArrayList<>(sums.entrySet()));
        // Read after the write: a rebuild holding region_daily made the write wait, and its new
        // zone is committed by now (read committed: this statement sees it).
        ZoneId stored = stored(c);
        if (!zone.equals(stored)) {
            throw new DailyZoneMismatch(stored, zone);
        }
    }

    private static void write(Connection c, String center, List<Map.Entry<DailyTotals.Key, DailyTotals.Sum>> sums)
            throws SQLException {
        int n = sums.size();
        String[] day = new String[n];
        String[] src = new String[n];
        String[] kind = new String[n];
        String[] sku = new String[n];
        Long[] entries = new Long[n];
        Long[] qty = new Long[n];
        Long[] amount = new Long[n];
        for (int i = 0; i < n; i++) {
            var e = sums.get(i);
            day[i] = e.getKey().day().toString();
            src[i] = e.getKey().src();
            kind[i] = e.getKey().kind();
            sku[i] = e.getKey().sku();
            entries[i] = e.getValue().entries();
            qty[i] = e.getValue().qty();
            amount[i] = e.getValue().amountFen();
        }
        try (PreparedStatement ps = c.prepareStatement(ADD_DAILY)) {
            ps.setString(1, center);
            ps.setArray(2, c.createArrayOf("text", day));
            ps.setArray(3, c.createArrayOf("text", src));
            ps.setArray(4, c.createArrayOf("text", kind));
            ps.setArray(5, c.createArrayOf("text", sku));
            ps.setArray(6, c.createArrayOf("int8", entries));
            ps.setArray(7, c.createArrayOf("int8", qty));
            ps.setArray(8, c.createArrayOf("int8", amount));
            ps.executeUpdate();
        }
    }

    /** The stored zone, or null when none is recorded. */
    private static ZoneId stored(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DAILY_ZONE); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? ZoneId.of(rs.getString(1)) : null;
        }
    }

    /**
     * Records {@code zone} when no zone is recorded yet (a new database), then checks it is the
     * stored one: {@link DailyZoneMismatch} otherwise.
     */
    static void claim(Connection c, ZoneId zone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CLAIM_DAILY_ZONE)) {
            ps.setString(1, zone.getId());
            ps.executeUpdate();
        }
        ZoneId stored = stored(c);
        if (!zone.equals(stored)) {
            throw new DailyZoneMismatch(stored, zone);
        }
    }

    /**
     * Rebuilds every daily aggregate from the stored entries in {@code zone}, reading each entry
     * as ingest does ({@link EntryFacts}), and records the zone, all in one transaction: readers
     * see the old aggregates until it commits, and batches stored meanwhile wait for it (then fail
     * on a server still configured for the old zone). {@code progress} gets a line per center.
     */
    static Rebuilt rebuild(String url, ZoneId zone, Consumer<String> progress) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try {
                ZoneId before;
                try (PreparedStatement ps = c.prepareStatement(LOCK_DAILY_ZONE); ResultSet rs = ps.executeQuery()) {
                    before = rs.next() ? ZoneId.of(rs.getString(1)) : null;
                }
                if (before == null) {
                    try (PreparedStatement ps = c.prepareStatement(CLAIM_DAILY_ZONE)) {
                        ps.setString(1, zone.getId());
                        ps.executeUpdate();
                    }
                }
                List<String> centers = new ArrayList<>();
                long all = 0;
                try (Statement st = c.createStatement()) {
                    st.execute(LOCK_DAILY);
                    st.executeUpdate(CLEAR_DAILY);
                    try (ResultSet rs = st.executeQuery(CENTER_IDS)) {
                        while (rs.next()) {
                            centers.add(rs.getString(1));
                            all += rs.getLong(2);
                        }
                    }
                }
                progress.accept(String.format(Locale.ROOT, "rebuilding region_daily in %s (were %s): %,d centers,"
                        + " %,d entries", zone, before, centers.size(), all).replace("(were null)", "(no zone recorded)"));
                long entries = 0;
                long rows = 0;
                for (String center : centers) {
                    long[] done = rebuildCenter(c, center, zone, entries, all, progress);
                    entries += done[0];
                    rows += done[1];
                    progress.accept(String.format(Locale.ROOT, "%s: %,d entries, %,d daily rows (%,d of %,d entries,"
                            + " %.0f%%)", center, done[0], done[1], entries, all, all == 0 ? 100.0 : 100.0 * entries / all));
                }
                try (PreparedStatement ps = c.prepareStatement(SET_DAILY_ZONE)) {
                    ps.setString(1, zone.getId());
                    ps.executeUpdate();
                }
                c.commit();
                progress.accept(String.format(Locale.ROOT, "committed: %,d entries in %,d daily rows, days of %s",
                        entries, rows, zone));
                return new Rebuilt(before, zone, entries, rows);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** One center's entries read (a cursor) and summed by day in {@code zone}: {entries, rows written}. */
    private static long[] rebuildCenter(Connection c, String center, ZoneId zone, long doneBefore, long all,
                                        Consumer<String> progress) throws SQLException {
        Map<DailyTotals.Key, DailyTotals.Sum> sums = new HashMap<>();
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement(ENTRIES_OF_CENTER)) {
            ps.setFetchSize(10_000);
            ps.setString(1, center);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EntryFacts f = EntryFacts.of(rs.getString(1));
                    if (f.tMs() != null) {
                        sums.merge(new DailyTotals.Key(f.day(zone), f.src(), f.kind(), f.sku()), DailyTotals.Sum.of(f),
                                DailyTotals.Sum::plus);
                    }
                    if (++n % PROGRESS_EVERY == 0) {
                        progress.accept(String.format(Locale.ROOT, "%s: %,d entries read (%,d of %,d)", center, n,
                                doneBefore + n, all));
                    }
                }
            }
        }
        List<Map.Entry<DailyTotals.Key, DailyTotals.Sum>> list = new ArrayList<>(sums.entrySet());
        for (int i = 0; i < list.size(); i += WRITE_ROWS) {
            write(c, center, list.subList(i, Math.min(list.size(), i + WRITE_ROWS)));
        }
        return new long[] {n, list.size()};
    }
}
