package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.store.DailyZoneMismatch;
import org.ssk.region.store.RegionStore;

/**
 * The zone the daily aggregates are counted in is recorded with them: a server configured for
 * another refuses to start, a database of before the zone existed counts as UTC, and
 * {@code region-server rebuild-daily} counts every stored entry again in the new zone, exactly
 * (the test's own sums of what it stored), while a server still on the old zone can no longer add.
 */
@Timeout(300)
class RebuildDailyTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A zone no default names, so that a server started with the default configuration differs from it. */
    static final ZoneId LIMA = ZoneId.of("America/Lima");
    static final long START_MS = Instant.parse("2026-11-28T00:00:00Z").toEpochMilli();
    static final long STEP_MS = 97 * 60_000L;

    static PrivatePostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aServerConfiguredForAnotherZoneThanTheStoredOneRefusesToStart() throws Exception {
        String db = pg.newDatabase();
        RegionStore.open(db, LIMA).close();
        RegionStore.open(db, LIMA).close();
        DailyZoneMismatch e = assertThrows(DailyZoneMismatch.class, () -> RegionStore.open(db, SHANGHAI));
        assertEquals(LIMA, e.stored());
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("serve", "--http-port", "0", "--db-url", db));
        assertTrue(err.toString().contains("counted in days of America/Lima")
                && err.toString().contains("region-server rebuild-daily --zone"), err.toString());
    }

    @Test
    void aDatabaseHoldingEntriesFromBeforeTheZoneWasRecordedCountsAsUtc() throws Exception {
        String db = pg.newDatabase();
        Flyway.configure().dataSource(db, null, null).locations("classpath:db/region").target("12").load().migrate();
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO region_entry (center_id, seq, month, src, t_ms, entry, hash, stored_ms)"
                    + " VALUES ('old', 1, DATE '2026-11-01', 'sale_line', 1796083200000, '{}', 'x', 0)");
        }
        DailyZoneMismatch e = assertThrows(DailyZoneMismatch.class, () -> RegionStore.open(db, SHANGHAI));
        assertEquals(UTC, e.stored());
        RegionStore.open(db, UTC).close();
    }

    @Test
    void rebuildDailyCountsEveryEntryAgainInTheNewZoneAndAServerOnTheOldOneCanNoLongerAdd() throws Exception {
        String db = pg.newDatabase();
        Map<String, long[]> shanghai = new TreeMap<>();
        Map<String, long[]> utc = new TreeMap<>();
        List<List<ChainedEntry>> chains = new ArrayList<>();
        try (RegionStore old = RegionStore.open(db, UTC)) {
            for (String center : List.of("north", "south")) {
                old.addCenter(center, center, 0);
                List<ChainedEntry> chain = chain(center, center.equals("north") ? 300 : 211, shanghai, utc);
                chains.add(chain);
                old.ingest(new UploadBatch(center, chain), 1);
            }
            assertEquals(text(utc), text(stored(db)), "under UTC, as ingest counted");

            PrintStream out = System.out;
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit;
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                exit = Main.commandLine().execute("rebuild-daily", "--zone", "Asia/Shanghai", "--db-url", db);
            } finally {
                System.setOut(out);
            }
            String lines = printed.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, lines);
            assertTrue(lines.contains("north: 302 entries") && lines.contains("south: 213 entries")
                    && lines.contains("committed: 515 entries"), lines);
            assertEquals(text(shanghai), text(stored(db)), "every entry again, on its Shanghai day");

            List<ChainedEntry> north = chains.get(0);
            String entry = SimulatedCenter.saleLine("late", START_MS, 1, 100);
            ChainedEntry next = new ChainedEntry(north.size() + 1, entry, ChainHash.next(north.getLast().hash(), entry));
            assertThrows(DailyZoneMismatch.class, () -> old.ingest(new UploadBatch("north", List.of(next)), 2));
            assertEquals(north.size(), old.head("north").storedThrough(), "the batch is not stored");
        }
        assertThrows(DailyZoneMismatch.class, () -> RegionStore.open(db, UTC));
        RegionStore.open(db, SHANGHAI).close();
    }

    /**
     * {@code n} entries of {@code center} a step apart (sale lines and picks in turn) and one
     * unreadable entry and one without a time, chained; each readable one added to its day's
     * sums in either zone (center, day, source: entries, qty, amount).
     */
    private static List<ChainedEntry> chain(String center, int n, Map<String, long[]> shanghai,
                                            Map<String, long[]> utc) {
        List<String> entries = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            long t = START_MS + i * STEP_MS;
            int qty = 1 + i % 4;
            boolean sale = i % 2 == 0;
            String src = sale ? "sale_line" : "shelf_event";
            long amount = sale ? qty * 1_990L : 0;
            entries.add(sale ? SimulatedCenter.saleLine(center + "-" + i, t, qty, 1_990)
                    : "{\"src\":\"shelf_event\",\"event_id\":\"S1/e/" + i + "\",\"type\":\"pick\",\"sku\":\"dy-rice-2500\","
                    + "\"t_ms\":" + t + ",\"qty\":" + qty + "}");
            add(shanghai, center + " " + Instant.ofEpochMilli(t).atZone(SHANGHAI).toLocalDate() + " " + src, qty, amount);
            add(utc, center + " " + Instant.ofEpochMilli(t).atZone(UTC).toLocalDate() + " " + src, qty, amount);
        }
        entries.add("not json");
        entries.add("{\"src\":\"stock_entry\",\"kind\":\"count\",\"qty\":5}");
        List<ChainedEntry> out = new ArrayList<>();
        String previous = ChainHash.GENESIS;
        for (String e : entries) {
            previous = ChainHash.next(previous, e);
            out.add(new ChainedEntry(out.size() + 1, e, previous));
        }
        return out;
    }

    private static void add(Map<String, long[]> sums, String key, long qty, long amount) {
        long[] v = sums.computeIfAbsent(key, k -> new long[3]);
        v[0]++;
        v[1] += qty;
        v[2] += amount;
    }

    /** What region_daily holds per center, day and source. */
    private static Map<String, long[]> stored(String db) throws Exception {
        Map<String, long[]> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT center_id || ' ' || day || ' ' || src, SUM(entries), SUM(qty),"
                     + " SUM(amount_fen) FROM region_daily GROUP BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        return out;
    }

    private static String text(Map<String, long[]> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append(": ").append(v[0]).append(' ').append(v[1]).append(' ').append(v[2])
                .append('\n'));
        return b.toString();
    }
}
