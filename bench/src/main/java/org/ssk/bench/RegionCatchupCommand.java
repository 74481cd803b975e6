package org.ssk.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Callable;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploadVerticle;
import org.ssk.hub.region.RegionUploader;
import org.ssk.region.LocalPostgres;
import org.ssk.region.store.RegionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A center catching up a backlog (issue 16): the hub's ledger already holds N chained entries
 * the region has not got (a month of visits written by {@link LedgerGenerator}, chained by the
 * hub's own {@code LedgerChain} as {@link JdbcLedger} does when it opens, every 200,000 rows), a
 * region server in a JVM of its own ({@link RegionProcess}) on a PostgreSQL of the bench's own
 * ({@link LocalPostgres}) with the center registered, and the hub running with shelves, kiosks
 * and a steady stream of timed lifts ({@link LiftProbe}). Lift to screen is measured first with
 * no uploader, then while the hub's {@link RegionUploader} in its {@link RegionUploadVerticle}
 * (a worker, as the hub deploys it) uploads the backlog. At the end, shelves stopped and the
 * uploader caught up, the region must hold exactly the hub's chain: count, highest sequence and
 * head hash ({@link #matched} says whether it did; the command fails otherwise). By default the
 * region's PostgreSQL keeps its data in {@code /dev/shm} and it and the region server run at nice
 * 19: a region is another machine, and on this one its writes made the hub's ledger fsyncs wait
 * for seconds and its CPU was taken from the hub's ({@code --region-dir}, {@code --region-nice}
 * put it back beside the hub).
 */
@Command(name = "region-catchup", mixinStandardHelpOptions = true,
        description = "Seconds for a hub to upload a backlog of N ledger entries, and lift-to-screen latency meanwhile.")
final class RegionCatchupCommand implements Callable<Integer> {
    @Option(names = "--entries", defaultValue = "1000000", description = "Backlog: ledger entries not yet uploaded (whole visits of 4).")
    long entries;

    @Option(names = "--shelves", defaultValue = "100")
    int shelves;

    @picocli.CommandLine.Mixin
    LiftTrafficOptions traffic;

    @Option(names = "--idle-s", defaultValue = "30", description = "Seconds lifts are timed before the uploader starts.")
    int idleS;

    @Option(names = "--ledger", defaultValue = "sqlite",
            description = "sqlite (a file in the run's directory) or postgres (a database on the bench's own PostgreSQL).")
    BenchLedger.Kind ledger;

    @Option(names = "--region-dir", description = "Where the region's PostgreSQL keeps its data. Default: /dev/shm"
            + " when there is one (as if on a disk of its own: its writes then never queue before the hub's fsyncs),"
            + " else the temporary directory.")
    Path regionDir;

    @Option(names = "--region-nice", defaultValue = "19", description = "Niceness of the region server's JVM and its"
            + " PostgreSQL, so that they take only the CPU the hub leaves (in a deployment the region is another"
            + " machine); 0: they compete with the hub as equals.")
    int regionNice;

    @Option(names = "--trace-slow-ms", defaultValue = "0", description = "Print each lift slower than this, with when"
            + " a broker subscriber of the bench's saw it (0: off).")
    long traceSlowMs;

    @Option(names = "--yield-at-held", defaultValue = "" + RegionUploadVerticle.YIELD_AT_HELD, description = "The"
            + " uploader waits while this many events wait for the hub's ledger (ingest first, as the hub deploys"
            + " it); 0: it never waits, to compare.")
    int yieldAtHeld;

    @Option(names = "--timeout-s", defaultValue = "3600", description = "Give up when the catch-up takes longer.")
    int timeoutS;

    @Option(names = "--data-dir", defaultValue = "bench/target/bench-data")
    Path dataDir;

    /** Whether the region ended holding exactly the hub's chain (set by {@link #call}). */
    boolean matched;

    static final String CENTER = "catchup-01";

    @Override
    public Integer call() throws Exception {
        if (ledger == BenchLedger.Kind.MEMORY) {
            throw new IllegalArgumentException("--ledger: sqlite or postgres (the memory store keeps no chain)");
        }
        System.out.println("command: java -jar bench/target/bench.jar region-catchup --entries " + entries
                + " --shelves " + shelves + traffic.commandLine() + " --idle-s " + idleS
                + " --ledger " + ledger.name().toLowerCase(Locale.ROOT) + (regionDir == null ? "" : " --region-dir " + regionDir)
                + " --region-nice " + regionNice + " --yield-at-held " + yieldAtHeld
                + (traceSlowMs > 0 ? " --trace-slow-ms " + traceSlowMs : ""));
        System.out.println(Stats.machine());
        Path dir = dataDir.resolve("region-catchup-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        Path pgParent = regionDir != null ? regionDir
                : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        System.out.println("region: PostgreSQL data in " + pgParent + ", region server and PostgreSQL at nice " + regionNice);
        try (LocalPostgres pg = LocalPostgres.start(pgParent)) {
            if (regionNice != 0) {
                RegionProcess.renice(pg, regionNice);
            }
            String regionUrl = pg.newDatabase();
            String secret;
            try (RegionStore rs = RegionStore.open(regionUrl)) {
                secret = rs.addCenter(CENTER, "bench catch-up", System.currentTimeMillis());
            }
            String hubPg = ledger == BenchLedger.Kind.POSTGRES ? pg.newDatabase() : null;
            try (RegionProcess region = RegionProcess.start(regionUrl, regionNice)) {
                run(dir, hubPg, regionUrl, region.baseUrl(), secret);
            }
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return matched ? 0 : 1;
    }

    private void run(Path dir, String hubPg, String regionUrl, String regionBase, String secret) throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        long backlog = prefilled(dir, hubPg, config);
        Hub hub = Hub.start(config, store.storage(), List.of());
        Vertx load = Vertx.vertx();
        ShelfFleet fleet = new ShelfFleet(load).loginAs(hub, store.shelfCredentials());
        List<String[]> rows = new ArrayList<>();
        try (Connection region = DriverManager.getConnection(regionUrl)) {
            fleet.connect("127.0.0.1", hub.mqttPort(), shelves, 10);
            traffic.startBackground(fleet);
            LiftProbe probe = new LiftProbe(load, hub, store, fleet, traffic.kiosks, traffic.probeRate, traceSlowMs);
            Thread.sleep(traffic.warmupS * 1000L);
            Queue<Long> idle = probe.phase();
            double[] idleFrom = hubTimers(hub);
            double idleHeld = 0;
            for (long end = System.nanoTime() + idleS * 1_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
                idleHeld = Math.max(idleHeld, held(hub));
            }
            double[] idleTo = hubTimers(hub);
            double idleBatchMax = ledgerBatchMaxMs(hub);
            int idleLost = probe.lost();
            String idleLoad = Stats.loadAverage().split(" ")[0];
            Queue<Long> during = probe.phase();
            long t0 = System.nanoTime();
            RegionUploader uploader = new RegionUploader(new RegionLink(CENTER, regionBase, secret, 0, 0),
                    store.storage().chainSource(), new HttpRegionClient(regionBase, secret), store.storage()::centerHealth);
            // As Hub.deployRegionUpload does it: a worker verticle on the hub's Vert.x, its alerts to the alert engine.
            RegionUploadVerticle upload = new RegionUploadVerticle(uploader, hub.metrics(),
                    store.storage()::regionUpload, yieldAtHeld);
            hub.vertx().deployVerticle(upload, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
            long tenth = Math.max(1, backlog / 10);
            long next = tenth;
            long stored;
            double duringHeld = 0;
            while ((stored = storedThrough(region)) < backlog) {
                duringHeld = Math.max(duringHeld, held(hub));
                if (stored >= next) {
                    System.out.printf(Locale.ROOT, "  region holds %,d of %,d (%.0f s); lifts timed %d, awaiting their"
                            + " frame %d; events stored by the hub %.0f; lifts the shelves could not send %d%n", stored,
                            backlog, (System.nanoTime() - t0) / 1e9, during.size(), probe.lost(),
                            hub.metrics().counter("ssk_ingest_events_stored").count(), fleet.notSent.get());
                    next = (stored / tenth + 1) * tenth;
                }
                if (System.nanoTime() - t0 > timeoutS * 1_000_000_000L) {
                    throw new IllegalStateException("catch-up not done after " + timeoutS + " s: region holds " + stored);
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "hub pushes: %.0f idle, %.0f during; events the shelves could not send: %d;"
                    + " kiosk sockets closed: %d%s%n", idleTo[0] - idleFrom[0], hubTimers(hub)[0] - idleTo[0],
                    fleet.notSent.get(), probe.closed.get(), probe.firstClose == null ? "" : " (first: " + probe.firstClose + ")");
            int duringLost = probe.lost();
            String duringLoad = Stats.loadAverage().split(" ")[0];
            double[] duringTo = hubTimers(hub);
            System.out.printf(Locale.ROOT, "longest ledger batch in the last 2 minutes: %.0f ms at the end of idle,"
                    + " %.0f ms at the end of the catch-up%n", idleBatchMax, ledgerBatchMaxMs(hub));
            probe.phase();
            probe.close();
            fleet.close();
            rows.add(row("idle (no uploader)", idle, idleLost, idleFrom, idleTo, idleHeld, idleLoad));
            rows.add(row("during catch-up", during, duringLost, idleTo, duringTo, duringHeld, duringLoad));
            System.out.printf(Locale.ROOT, "catch-up: %,d entries in %.1f s, %,.0f entries/s; the uploader waited"
                    + " for ingest %,d times (%s)%n", backlog, seconds, backlog / seconds, upload.yields(),
                    yieldAtHeld == 0 ? "never: --yield-at-held 0" : "from " + yieldAtHeld + " events held");
            Stats.table(System.out, new String[] {"phase", "lifts", "lost", "e2e p50 ms", "e2e p95 ms", "e2e p99 ms",
                    "e2e max ms", "hub push mean ms", "ledger batch mean ms", "ledger batches", "max events held", "load 1m"}, rows);
            double[] pi = Stats.percentiles(toArray(idle), 0.99);
            double[] pd = Stats.percentiles(toArray(during), 0.99);
            System.out.printf(Locale.ROOT, "lift p99 during / idle: %.2f%n", pd[0] / pi[0]);
            matched = endsEqual(region, regionUrl);
        } finally {
            fleet.close();
            // The clients close first, while the hub still answers them: with the hub closed
            // first, closing them once took longer than the 60 s allowed (cause not found).
            ShelfFleet.await(load.close());
            hub.close();
            store.close();
        }
    }

    private BenchLedger store;

    /**
     * Opens the hub's store over a database holding the catalog and {@code entries} chained entries;
     * returns the chain's head sequence (the backlog).
     */
    private long prefilled(Path dir, String hubPg, HubConfig config) throws Exception {
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        store = BenchLedger.open(ledger, shelves, dir, hubPg, config, db -> new LedgerGenerator(db, shelves,
                now - 30L * 86_400_000, now - 3_600_000).generate(entries, written -> {
                    // The hub's own chaining: opening the ledger chains every row stored but not chained yet.
                    new JdbcLedger(db, Clock.systemUTC()).close();
                    System.out.printf(Locale.ROOT, "  ledger: %,d entries written and chained (%.0f s)%n", written,
                            (System.nanoTime() - t0) / 1e9);
                }));
        long head = store.storage().chainSource().headSeq();
        System.out.printf(Locale.ROOT, "ledger ready: %,d chained entries in %.0f s%n", head, (System.nanoTime() - t0) / 1e9);
        return head;
    }

    /**
     * Waits until the region holds the hub's whole chain and it stays so for two seconds (the last
     * shelf messages written), then compares count, highest sequence and head hash.
     */
    private boolean endsEqual(Connection region, String regionUrl) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        long head;
        do {
            head = store.storage().chainSource().headSeq();
            Thread.sleep(head == storedThrough(region) ? 2_000 : 200);
        } while ((head != store.storage().chainSource().headSeq() || head != storedThrough(region))
                && System.nanoTime() < deadline);
        RegionStore.Totals hub = store.chainTotals();
        RegionStore.Totals held;
        try (RegionStore rs = RegionStore.open(regionUrl)) {
            held = rs.totals(CENTER);
        }
        boolean same = hub.equals(held);
        System.out.printf(Locale.ROOT, "hub ledger: %,d entries, highest seq %,d, head %s%n", hub.count(),
                hub.highestSeq(), hub.highestHash());
        System.out.printf(Locale.ROOT, "region:     %,d entries, highest seq %,d, head %s%n", held.count(),
                held.highestSeq(), held.highestHash());
        System.out.println(same ? "the region holds exactly the hub's ledger" : "MISMATCH: the region differs from the hub's ledger");
        return same;
    }

    /** The hub's longest ledger write (commit included) in Micrometer's rolling window of about 2 minutes, ms. */
    private static double ledgerBatchMaxMs(Hub hub) {
        io.micrometer.core.instrument.Timer t = hub.metrics().find("ssk_ledger_batch").timer();
        return t == null ? 0 : t.max(java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Events received and waiting for the ledger now (the hub's gauge; sampled every 50 ms). */
    private static double held(Hub hub) {
        io.micrometer.core.instrument.Gauge g = hub.metrics().find("ssk_ledger_held_events").gauge();
        return g == null ? 0 : g.value();
    }

    private static long storedThrough(Connection region) throws Exception {
        try (PreparedStatement ps = region.prepareStatement("SELECT stored_through FROM center WHERE center_id = ?")) {
            ps.setString(1, CENTER);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static long[] toArray(Queue<Long> q) {
        return q.stream().mapToLong(Long::longValue).toArray();
    }

    private static String[] row(String phase, Queue<Long> samples, int lost, double[] from, double[] to, double held,
                                String load1m) {
        long[] v = toArray(samples);
        double[] p = Stats.percentiles(v, 0.5, 0.95, 0.99, 1.0);
        double pushes = to[0] - from[0];
        double batches = to[2] - from[2];
        return new String[] {phase, Integer.toString(v.length), Integer.toString(lost), Stats.ms(p[0]), Stats.ms(p[1]),
                Stats.ms(p[2]), Stats.ms(p[3]), pushes == 0 ? "-" : Stats.ms((to[1] - from[1]) / pushes),
                batches == 0 ? "-" : Stats.ms((to[3] - from[3]) / batches), String.format(Locale.ROOT, "%.0f", batches),
                String.format(Locale.ROOT, "%.0f", held), load1m};
    }

    /**
     * The hub's own timers, cumulative: kiosk pushes (ingest receives → frame written) and ledger
     * write batches, each as count and total ns; a phase's mean is the difference over its span.
     */
    private static double[] hubTimers(Hub hub) {
        double[] out = new double[4];
        String[] names = {"ssk_kiosk_push_latency", "ssk_ledger_batch"};
        for (int i = 0; i < names.length; i++) {
            io.micrometer.core.instrument.Timer t = hub.metrics().find(names[i]).timer();
            if (t != null) {
                out[2 * i] = t.count();
                out[2 * i + 1] = t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
        return out;
    }
}
