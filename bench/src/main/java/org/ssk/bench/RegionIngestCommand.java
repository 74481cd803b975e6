package org.ssk.bench;

import io.vertx.core.Vertx;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.LocalPostgres;
import org.ssk.region.RegionConfig;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Region ingest from many simulated centers against the ceiling: every center's chain (shelf
 * events and sale lines in the hub's canonical form, chained as the hub chains them) is stored
 * three ways into fresh databases of the same migrated schema on one PostgreSQL, in one run:
 * raw {@code COPY} of the same {@code region_entry} rows (no checks, no aggregates: the ceiling),
 * {@link RegionStore#ingest} called directly (the region's full batch transaction: lock, chain
 * check, insert, daily aggregates, commit), and over HTTP through the region server with each
 * center uploading its batches in order with the hub's {@link HttpRegionClient}, all centers at
 * once. Prints the command, the machine and a table; checks that every entry was stored.
 * The PostgreSQL is one of its own ({@link LocalPostgres}) unless {@code --db-url} names one.
 */
@Command(name = "region-ingest", mixinStandardHelpOptions = true,
        description = "Region ingest from N simulated centers (store and HTTP) against raw COPY of the same rows.")
final class RegionIngestCommand implements Callable<Integer> {
    @Option(names = "--centers", defaultValue = "200")
    int centers;

    @Option(names = "--entries-per-center", defaultValue = "2000")
    int perCenter;

    @Option(names = "--batch", defaultValue = "2000", description = "Entries per upload batch and per COPY chunk (the hub's uploader sends 2,000).")
    int batch;

    @Option(names = "--threads", defaultValue = "8", description = "Parallel connections for COPY and for direct store ingest.")
    int threads;

    @Option(names = "--ingest-threads", description = "The region server's SSK_REGION_INGEST_THREADS (default: twice the cores).")
    int ingestThreads = RegionConfig.defaultIngestThreads();

    @Option(names = "--warmup-centers", defaultValue = "20", description = "Before the clock: each way once with this many"
            + " centers' chains, into databases of its own (the JIT and PostgreSQL warmed alike for all three).")
    int warmupCenters;

    @Option(names = "--db-url", description = "A PostgreSQL server's URL (any database; fresh ones are created beside it)."
            + " Default: a PostgreSQL of the bench's own on a free port.")
    String dbUrl;

    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();

    private static final long DAY_MS = LocalDate.of(2026, 11, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

    @Override
    public Integer call() throws Exception {
        System.out.println("command: java -jar bench/target/bench.jar region-ingest --centers " + centers
                + " --entries-per-center " + perCenter + " --batch " + batch + " --threads " + threads
                + " --ingest-threads " + ingestThreads + " --warmup-centers " + warmupCenters
                + (dbUrl == null ? "" : " --db-url …"));
        System.out.println(Stats.machine());
        List<List<ChainedEntry>> chains = new ArrayList<>();
        for (int c = 0; c < centers; c++) {
            chains.add(chain(c));
        }
        long total = (long) centers * perCenter;
        LocalPostgres own = dbUrl == null ? LocalPostgres.start() : null;
        try {
            if (warmupCenters > 0) {
                List<List<ChainedEntry>> few = chains.subList(0, Math.min(warmupCenters, chains.size()));
                copy(freshDatabase(own), few);
                direct(freshDatabase(own), few);
                overHttp(freshDatabase(own), few);
                retries.set(0);
            }
            List<String[]> rows = new ArrayList<>();
            double copy = copy(freshDatabase(own), chains);
            double store = direct(freshDatabase(own), chains);
            double http = overHttp(freshDatabase(own), chains);
            rows.add(row("raw COPY into region_entry (" + threads + " connections)", total, copy, copy));
            rows.add(row("RegionStore.ingest, batch transactions (" + threads + " threads)", total, store, copy));
            rows.add(row("HTTP, " + centers + " centers uploading at once (HttpRegionClient; " + ingestThreads
                    + " ingest threads)", total, http, copy));
            Stats.table(System.out, new String[] {"how", "entries", "seconds", "entries/s", "of COPY"}, rows);
            System.out.println("HTTP uploads retried after no answer (timeout, 503): " + retries.get());
        } finally {
            if (own != null) {
                own.close();
            }
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    private static String[] row(String how, long entries, double seconds, double copySeconds) {
        return new String[] {how, String.format(Locale.ROOT, "%,d", entries), String.format(Locale.ROOT, "%.1f", seconds),
                String.format(Locale.ROOT, "%,.0f", entries / seconds),
                String.format(Locale.ROOT, "%.2f", copySeconds / seconds)};
    }

    /** A center's chain: alternating picks and sale lines over November 2026, chained from genesis. */
    private List<ChainedEntry> chain(int center) {
        String id = centerId(center);
        return MadeUpChains.chain(perCenter, i -> {
            long t = DAY_MS + (long) i * 60_000 % (29L * 86_400_000);
            return i % 2 == 0 ? MadeUpChains.saleLine(id + "-" + i, t)
                    : MadeUpChains.pick("S" + (1 + i % 5) + "/e1/" + i, "S" + (1 + i % 5), Integer.toString(1 + i % 8),
                            "sku-" + (i % 40), t);
        });
    }

    private static String centerId(int center) {
        return String.format(Locale.ROOT, "bench-%03d", center);
    }

    /** A new database on the server, migrated by the region's store, with the month's partition. */
    private String freshDatabase(LocalPostgres own) throws Exception {
        String url = own != null ? own.newDatabase() : newDatabaseBeside(dbUrl);
        RegionStore.open(url);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS region_entry_2026_11 PARTITION OF region_entry"
                    + " FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')");
        }
        return url;
    }

    private static String newDatabaseBeside(String url) throws Exception {
        String name = "region_bench_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int q = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + name + (q < 0 ? "" : url.substring(q));
    }

    /** Seconds to COPY every center's rows, in chunks of {@code batch} (the CSV is made before the clock starts). */
    private double copy(String url, List<List<ChainedEntry>> chains) throws Exception {
        long now = System.currentTimeMillis();
        List<List<String>> chunks = new ArrayList<>();
        for (int c = 0; c < chains.size(); c++) {
            List<String> mine = new ArrayList<>();
            List<ChainedEntry> chain = chains.get(c);
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < chain.size(); i++) {
                ChainedEntry e = chain.get(i);
                String src = e.entry().substring(8, e.entry().indexOf('"', 8));
                long t = Long.parseLong(e.entry().replaceAll(".*\"t_ms\":(\\d+).*", "$1"));
                csv.append(centerId(c)).append(',').append(e.seq()).append(",2026-11-01,").append(src).append(',')
                        .append(t).append(",\"").append(e.entry().replace("\"", "\"\"")).append("\",")
                        .append(e.hash()).append(',').append(now).append('\n');
                if ((i + 1) % batch == 0 || i == chain.size() - 1) {
                    mine.add(csv.toString());
                    csv.setLength(0);
                }
            }
            chunks.add(mine);
        }
        long t0 = System.nanoTime();
        inParallel(threads, chains.size(), c -> {
            try (Connection conn = DriverManager.getConnection(url)) {
                conn.setAutoCommit(false);
                var api = conn.unwrap(PGConnection.class).getCopyAPI();
                for (String chunk : chunks.get(c)) {
                    api.copyIn("COPY region_entry (center_id, seq, month, src, t_ms, entry, hash, stored_ms)"
                            + " FROM STDIN (FORMAT csv)", new StringReader(chunk));
                    conn.commit();
                }
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(url, chains, false);
        return seconds;
    }

    /** Seconds for every center's batches through {@link RegionStore#ingest}. */
    private double direct(String url, List<List<ChainedEntry>> chains) throws Exception {
        double seconds;
        try (RegionStore store = RegionStore.open(url)) {
            for (int c = 0; c < chains.size(); c++) {
                store.addCenter(centerId(c), "bench", 0);
            }
            long t0 = System.nanoTime();
            inParallel(threads, chains.size(), c -> {
                List<ChainedEntry> chain = chains.get(c);
                for (int from = 0; from < chain.size(); from += batch) {
                    store.ingest(new UploadBatch(centerId(c), chain.subList(from, Math.min(chain.size(), from + batch))),
                            System.currentTimeMillis());
                }
            });
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        check(url, chains, true);
        return seconds;
    }

    /** Seconds for every center uploading its batches in order over HTTP, all centers at once. */
    private double overHttp(String url, List<List<ChainedEntry>> chains) throws Exception {
        try (RegionStore store = RegionStore.open(url)) {
            return overHttp(url, store, chains);
        }
    }

    private double overHttp(String url, RegionStore store, List<List<ChainedEntry>> chains) throws Exception {
        List<String> secrets = new ArrayList<>();
        for (int c = 0; c < chains.size(); c++) {
            secrets.add(store.addCenter(centerId(c), "bench", 0));
        }
        Vertx vertx = Vertx.vertx();
        double seconds;
        try {
            RegionHttpVerticle http = new RegionHttpVerticle(new RegionConfig("127.0.0.1", 0, url, null, null)
                    .withIngestThreads(ingestThreads), store, Clock.systemUTC());
            vertx.deployVerticle(http).await();
            String base = "http://127.0.0.1:" + http.port();
            // One JDK client for all simulated centers (each still on its own connection, with its
            // own secret): 200 clients' selector threads would be the simulation's cost, not the region's.
            try (HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(10)).build()) {
                seconds = uploadAll(base, secrets, chains, shared);
            }
        } finally {
            vertx.close().await();
        }
        check(url, chains, true);
        return seconds;
    }

    /** Seconds until every center has uploaded its chain, all at once, each resuming from the region's answers. */
    private double uploadAll(String base, List<String> secrets, List<List<ChainedEntry>> chains, HttpClient shared)
            throws Exception {
        long t0 = System.nanoTime();
        inParallel(chains.size(), chains.size(), c -> {
            HttpRegionClient client = new HttpRegionClient(base, secrets.get(c), shared);
            List<ChainedEntry> chain = chains.get(c);
            long through = 0;
            while (through < chain.size()) {
                try {
                    UploadAnswer a = client.upload(new UploadBatch(centerId(c), chain.subList((int) through,
                            (int) Math.min(chain.size(), through + batch))));
                    through = a.storedThrough();
                } catch (org.ssk.hub.region.RegionClient.Unavailable e) {
                    // As the hub's uploader does: ask again; the answer says where to resume.
                    retries.incrementAndGet();
                    Thread.sleep(1000);
                }
            }
        });
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Every center's every entry stored: per center count and highest sequence (and head hash via the store). */
    private void check(String url, List<List<ChainedEntry>> chains, boolean viaStore) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT center_id) FROM region_entry")) {
            rs.next();
            long expected = (long) chains.size() * perCenter;
            if (rs.getLong(1) != expected || rs.getLong(2) != chains.size()) {
                throw new IllegalStateException("stored " + rs.getLong(1) + " entries of " + rs.getLong(2)
                        + " centers, expected " + expected + " of " + chains.size());
            }
        }
        if (viaStore) {
            try (RegionStore store = RegionStore.open(url)) {
                for (int i = 0; i < chains.size(); i++) {
                    List<ChainedEntry> chain = chains.get(i);
                    var t = store.totals(centerId(i));
                    if (t.highestSeq() != chain.size() || !t.highestHash().equals(chain.getLast().hash())) {
                        throw new IllegalStateException("center " + centerId(i) + " ends at " + t);
                    }
                }
            }
        }
    }

    private interface PerCenter {
        void run(int center) throws Exception;
    }

    /** Runs {@code work} for every center on {@code parallel} threads; throws the first failure. */
    private static void inParallel(int parallel, int count, PerCenter work) throws Exception {
        ExecutorService pool = parallel >= count ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < count; c++) {
                int center = c;
                done.add(pool.submit(() -> {
                    work.run(center);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
