package org.ssk.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ssk.region.LocalPostgres;
import org.ssk.region.RegionConfig;
import org.ssk.region.store.RegionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The region's month report over many entries: every center's entries, quantity and amount per
 * source, kind and SKU for November 2026 in the region's zone ({@code --zone}, default the
 * region's default; its days are that zone's, as ingest counts them), answered from the daily
 * aggregates ({@code region_daily}, as ingest keeps them) and computed again from the raw entries
 * whose time falls in that month there (reading each entry's own text, as {@code EntryFacts}
 * does). The entries are spread over the UTC month, as partitioned: in a zone east of UTC the
 * last hours of it are December's. The rows are made inside PostgreSQL ({@code generate_series}), on
 * a PostgreSQL of the bench's own, in the region's migrated schema: each entry's text in the hubs'
 * canonical form, and its day's aggregate row summed from the same generated values in the same
 * statement (what ingest adds batch by batch, summed at once). The hashes are random hex, not a
 * chain: this run measures reading, not chain checks. The two reports must agree to the fen. With
 * {@code --rebuild} the aggregates are then rebuilt as {@code region-server rebuild-daily} does
 * (each entry's text read by {@code EntryFacts}, its day in Java's zone rules) and must give the
 * same report again.
 */
@Command(name = "region-report", mixinStandardHelpOptions = true,
        description = "Month report from the region's daily aggregates against the same report from raw entries.")
final class RegionReportCommand implements Callable<Integer> {
    @Option(names = "--entries", defaultValue = "50000000", description = "Region entries in the month, over all centers.")
    long entries;

    @Option(names = "--centers", defaultValue = "200")
    int centers;

    @Option(names = "--skus", defaultValue = "40", description = "Products per center.")
    int skus;

    @Option(names = "--zone", defaultValue = RegionConfig.DEFAULT_TIME_ZONE,
            description = "The region's zone, whose days and month are counted.")
    String zone;

    @Option(names = "--rebuild", description = "Then rebuild region_daily as `region-server rebuild-daily` does (every"
            + " entry read in Java) and check the month report from it against the raw one.")
    boolean rebuild;

    private static final String MONTH = "2026-11-01";
    private static final long MONTH_MS = 1_793_491_200_000L; // 2026-11-01T00:00Z: the entries' UTC month
    private static final long MONTH_LENGTH_MS = 30L * 86_400_000;

    /** From the daily aggregates: what the region's report reads. */
    static final String FROM_DAILY = "SELECT center_id, src, kind, sku, SUM(entries), SUM(qty), SUM(amount_fen)"
            + " FROM region_daily WHERE day >= DATE '" + MONTH + "' AND day < DATE '" + MONTH + "' + INTERVAL '1 month'"
            + " GROUP BY 1, 2, 3, 4";

    /**
     * From the raw entries whose time is in the month in {@code zone} (the UTC month partitions
     * around it pruned): each entry's own text read for its kind, SKU, quantity and amount.
     */
    static String fromEntries(ZoneId zone) {
        LocalDate month = LocalDate.parse(MONTH);
        long from = month.atStartOfDay(zone).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return "SELECT center_id, src, CASE src WHEN 'shelf_event' THEN j->>'type'"
                + " WHEN 'sale_line' THEN j->>'channel' WHEN 'stock_entry' THEN j->>'kind' ELSE '' END,"
                + " COALESCE(j->>'sku', ''), COUNT(*), SUM((j->>'qty')::int8),"
                + " SUM(CASE src WHEN 'sale_line' THEN (j->>'amount_fen')::int8 ELSE 0 END)"
                + " FROM (SELECT center_id, src, entry::jsonb AS j FROM region_entry WHERE month BETWEEN DATE '"
                + utcMonth(from) + "' AND DATE '" + utcMonth(to - 1) + "' AND t_ms >= " + from + " AND t_ms < " + to
                + ") e GROUP BY 1, 2, 3, 4";
    }

    private static LocalDate utcMonth(long ms) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC).withDayOfMonth(1);
    }

    @Override
    public Integer call() throws Exception {
        ZoneId regionZone = ZoneId.of(zone);
        System.out.println("command: java -jar bench/target/bench.jar region-report --entries " + entries + " --centers "
                + centers + " --skus " + skus + " --zone " + regionZone + (rebuild ? " --rebuild" : ""));
        System.out.println(Stats.machine());
        long perCenter = entries / centers;
        try (LocalPostgres pg = LocalPostgres.start()) {
            String url = pg.newDatabase();
            RegionStore.open(url, regionZone).close();
            List<String[]> rows = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE region_entry_2026_11 PARTITION OF region_entry"
                        + " FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')");
                long t0 = System.nanoTime();
                for (int center = 0; center < centers; center++) {
                    st.execute(registerCenter(center, perCenter));
                    st.execute(generate(center, perCenter, regionZone));
                    if ((center + 1) % 20 == 0) {
                        System.out.printf(Locale.ROOT, "generated %,d entries in %.0f s%n", (center + 1) * perCenter,
                                (System.nanoTime() - t0) / 1e9);
                    }
                }
                st.execute("VACUUM ANALYZE region_entry, region_daily");
                double generated = (System.nanoTime() - t0) / 1e9;
                long stored = count(st, "SELECT COUNT(*) FROM region_entry");
                long dailyRows = count(st, "SELECT COUNT(*) FROM region_daily");
                String size = text(st, "SELECT pg_size_pretty(pg_total_relation_size('region_entry_2026_11'))");
                System.out.printf(Locale.ROOT, "%,d entries (%s with index), %,d daily rows, made in %.0f s%n", stored,
                        size, dailyRows, generated);
                // One process per query, so that its CPU time is all in the session's backend (on
                // shared cores parallel workers would compete with each other anyway).
                st.execute("SET max_parallel_workers_per_gather = 0");
                Report daily = report(st, FROM_DAILY, 3);
                Report raw = report(st, fromEntries(regionZone), 1);
                if (!daily.totals().equals(raw.totals()) || daily.rows() != raw.rows()) {
                    throw new IllegalStateException("the reports differ: daily " + daily + ", raw " + raw);
                }
                rows.add(new String[] {"from region_daily (" + String.format(Locale.ROOT, "%,d", dailyRows) + " rows)",
                        String.format(Locale.ROOT, "%,d", daily.entries()), String.format(Locale.ROOT, "%,d", daily.rows()),
                        String.format(Locale.ROOT, "%.3f", daily.seconds()),
                        String.format(Locale.ROOT, "%.2f", daily.cpuSeconds()), "1"});
                rows.add(new String[] {"from raw region_entry (each entry's JSON read)",
                        String.format(Locale.ROOT, "%,d", raw.entries()), String.format(Locale.ROOT, "%,d", raw.rows()),
                        String.format(Locale.ROOT, "%.3f", raw.seconds()),
                        String.format(Locale.ROOT, "%.2f", raw.cpuSeconds()),
                        String.format(Locale.ROOT, "%.0f", raw.seconds() / daily.seconds())});
                System.out.println("both reports: " + daily.totals());
                if (rebuild) {
                    long r0 = System.nanoTime();
                    var done = RegionStore.rebuildDaily(url, regionZone, line -> { });
                    double rebuilt = (System.nanoTime() - r0) / 1e9;
                    Report again = report(st, FROM_DAILY, 1);
                    if (!again.totals().equals(raw.totals()) || again.rows() != raw.rows()) {
                        throw new IllegalStateException("the rebuilt aggregates differ: " + again + ", raw " + raw);
                    }
                    rows.add(new String[] {"rebuild-daily (Java, " + String.format(Locale.ROOT, "%,d", done.entries())
                            + " entries read, " + String.format(Locale.ROOT, "%,d", done.rows()) + " rows written)",
                            String.format(Locale.ROOT, "%,d", again.entries()), String.format(Locale.ROOT, "%,d",
                            again.rows()), String.format(Locale.ROOT, "%.3f", rebuilt), "-",
                            String.format(Locale.ROOT, "%.0f", rebuilt / daily.seconds())});
                    System.out.println("the month report from the rebuilt aggregates: " + again.totals());
                }
            }
            Stats.table(System.out, new String[] {"month report", "entries in the zone's month", "report rows",
                    "seconds (best of runs)", "server CPU s", "times the daily (seconds)"}, rows);
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    /** The center's row, holding its entries (what `rebuild-daily` reads the centers from). */
    private static String registerCenter(int center, long n) {
        String id = String.format(Locale.ROOT, "bench-%03d", center);
        return "INSERT INTO center (center_id, name, secret_sha256, head_hash, stored_through, created_ms) VALUES ('" + id
                + "', '" + id + "', md5('" + id + "'), 'bench', " + n + ", " + MONTH_MS + ")";
    }

    /**
     * One center's month of entries and, from the same generated values, its daily aggregate rows
     * on the days of {@code zone} (PostgreSQL's own copy of the zone rules; ingest uses Java's).
     */
    private String generate(int center, long n, ZoneId zone) {
        String id = String.format(Locale.ROOT, "bench-%03d", center);
        return "WITH g AS MATERIALIZED (SELECT i, " + MONTH_MS + " + ((i - 1) * " + MONTH_LENGTH_MS + " / " + n + ") AS t,"
                + " CASE WHEN i % 2 = 0 THEN 'sale_line' ELSE 'shelf_event' END AS src,"
                + " CASE WHEN i % 2 = 0 THEN 'pos' ELSE 'pick' END AS kind,"
                + " 'sku-' || ((i / 2) % " + skus + ") AS sku, 1 + i % 3 AS qty FROM generate_series(1, " + n + ") i),"
                + " e AS (INSERT INTO region_entry (center_id, seq, month, src, t_ms, entry, hash, stored_ms)"
                + " SELECT '" + id + "', i, DATE '" + MONTH + "', src, t, CASE WHEN src = 'sale_line' THEN"
                + " '{\"src\":\"sale_line\",\"order_id\":\"" + id + "-' || i || '\",\"line_no\":1,\"channel\":\"pos\","
                + "\"t_ms\":' || t || ',\"sku\":\"' || sku || '\",\"qty\":' || qty || ',\"price_fen\":1990,\"amount_fen\":'"
                + " || qty * 1990 || ',\"shelf\":\"S1\",\"refers_to\":null,\"received_ms\":' || t || ',\"cert_state\":"
                + "\"certified\",\"cert_number\":\"GD-DY-2026-0012\"}' ELSE '{\"src\":\"shelf_event\",\"event_id\":\"S1/e1/'"
                + " || i || '\",\"type\":\"pick\",\"shelf\":\"S1\",\"lane\":\"1\",\"sku\":\"' || sku || '\",\"t_ms\":' || t"
                + " || ',\"qty\":' || qty || ',\"grams\":497.5,\"detail\":null,\"received_ms\":' || t || ',\"unseen\":0,"
                + "\"cert_state\":\"certified\",\"cert_number\":\"GD-DY-2026-0012\"}' END,"
                + " md5(i::text) || md5((-i)::text), " + MONTH_MS + " FROM g)"
                + " INSERT INTO region_daily (center_id, day, src, kind, sku, entries, qty, amount_fen)"
                + " SELECT '" + id + "', (to_timestamp(t / 1000.0) AT TIME ZONE '" + zone.getId() + "')::date, src, kind, sku, COUNT(*), SUM(qty),"
                + " SUM(CASE WHEN src = 'sale_line' THEN qty * 1990 ELSE 0 END) FROM g"
                + " GROUP BY (to_timestamp(t / 1000.0) AT TIME ZONE '" + zone.getId() + "')::date, src, kind, sku";
    }

    /** A report's rows, entries counted, its totals in words, best seconds and server CPU seconds. */
    record Report(long rows, long entries, String totals, double seconds, double cpuSeconds) {
    }

    /** CPU seconds the server process of this session has used so far (/proc, as the bench runs beside it). */
    private static double backendCpu(Statement st) throws Exception {
        long pid = count(st, "SELECT pg_backend_pid()");
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
    }

    /** Runs a report {@code runs} times (the first also warms the cache), reading every row; the best run. */
    private static Report report(Statement st, String sql, int runs) throws Exception {
        Report best = null;
        for (int run = 0; run < runs; run++) {
            double cpu0 = backendCpu(st);
            long t0 = System.nanoTime();
            long rows = 0;
            long entries = 0;
            long qty = 0;
            long amount = 0;
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                    rows++;
                    entries += rs.getLong(5);
                    qty += rs.getLong(6);
                    amount += rs.getLong(7);
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            Report r = new Report(rows, entries, "entries " + entries + ", qty " + qty + ", amount_fen " + amount, s,
                    backendCpu(st) - cpu0);
            if (best == null || r.seconds() < best.seconds()) {
                best = r;
            }
        }
        return best;
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
