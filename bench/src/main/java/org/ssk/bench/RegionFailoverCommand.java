package org.ssk.bench;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.ssk.hub.region.ChainSource;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.region.PatroniCluster;
import org.ssk.region.RegionConfig;
import org.ssk.region.http.RegionHttpVerticle;
import org.ssk.region.store.RegionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The region's database leader killed while centers upload: a Patroni cluster of three
 * PostgreSQL nodes and etcd on loopback ({@link PatroniCluster}, synchronous mode), one region
 * server on the multi-host URL, and centers uploading with the hub's own {@link RegionUploader}
 * (its own back-off, 1 s doubling). Once a third of the entries are stored the leader's Patroni
 * and PostgreSQL are SIGKILLed; the run measures the seconds until Patroni has a new leader and
 * until the next batch is stored (uploads resume), and at the end checks that every center's
 * count, highest sequence and head hash are exactly its ledger's: nothing lost, nothing twice.
 */
@Command(name = "region-failover", mixinStandardHelpOptions = true,
        description = "Seconds until uploads resume after the region database's leader is killed (Patroni).")
final class RegionFailoverCommand implements Callable<Integer> {
    @Option(names = "--centers", defaultValue = "20")
    int centers;

    @Option(names = "--entries-per-center", defaultValue = "20000")
    int perCenter;

    @Option(names = "--kills", defaultValue = "2", description = "Leaders killed one after the other.")
    int kills;

    private static final long START_MS = 1_793_491_200_000L;

    @Override
    public Integer call() throws Exception {
        System.out.println("command: java -jar bench/target/bench.jar region-failover --centers " + centers
                + " --entries-per-center " + perCenter + " --kills " + kills);
        System.out.println(Stats.machine());
        List<String[]> rows = new ArrayList<>();
        try (PatroniCluster cluster = PatroniCluster.start()) {
            waitUntil(cluster::readyWithSyncStandby, 240_000, "no leader with a synchronous standby");
            Vertx vertx = Vertx.vertx();
            try (RegionStore store = RegionStore.open(cluster.url())) {
                RegionHttpVerticle http = new RegionHttpVerticle(new RegionConfig("127.0.0.1", 0, cluster.url(), null, null),
                        store, Clock.systemUTC());
                vertx.deployVerticle(http).await();
                String base = "http://127.0.0.1:" + http.port();
                List<List<ChainedEntry>> chains = new ArrayList<>();
                List<RegionUploader> uploaders = new ArrayList<>();
                for (int c = 0; c < centers; c++) {
                    String id = String.format(Locale.ROOT, "failover-%03d", c);
                    List<ChainedEntry> chain = chain(id);
                    chains.add(chain);
                    String secret = store.addCenter(id, "bench", System.currentTimeMillis());
                    uploaders.add(new RegionUploader(new RegionLink(id, base, secret, 0, 0), source(chain),
                            new HttpRegionClient(base, secret)));
                }
                long total = (long) centers * perCenter;
                AtomicBoolean running = new AtomicBoolean(true);
                List<Thread> threads = new ArrayList<>();
                for (RegionUploader u : uploaders) {
                    threads.add(Thread.ofPlatform().daemon().start(() -> {
                        while (running.get()) {
                            long wait = u.step(System.currentTimeMillis());
                            if (wait > 0) {
                                // RegionUploadVerticle's own timer: the uploader's back-off, as deployed
                                LockSupport.parkNanos(wait * 1_000_000);
                            }
                        }
                    }));
                }
                try {
                    for (int kill = 1; kill <= kills; kill++) {
                        long before = kill * total / (kills + 1);
                        waitUntil(() -> stored(cluster.url()) >= before, 600_000, "uploads stalled before kill " + kill);
                        waitUntil(cluster::readyWithSyncStandby, 240_000, "no synchronous standby before kill " + kill);
                        long storedAtKill = stored(cluster.url());
                        long t0 = System.nanoTime();
                        int killed = cluster.killLeader();
                        double leaderS = -1;
                        double resumedS = -1;
                        while (resumedS < 0 && System.nanoTime() - t0 < 600_000_000_000L) {
                            if (leaderS < 0 && cluster.leader().isPresent()) {
                                leaderS = (System.nanoTime() - t0) / 1e9;
                            }
                            if (leaderS >= 0 && storedOrMinus(cluster.url()) > storedAtKill) {
                                resumedS = (System.nanoTime() - t0) / 1e9;
                            }
                            Thread.sleep(50);
                        }
                        rows.add(new String[] {String.valueOf(kill), "pg" + killed,
                                String.format(Locale.ROOT, "%,d", storedAtKill),
                                String.format(Locale.ROOT, "%.1f", leaderS), String.format(Locale.ROOT, "%.1f", resumedS)});
                    }
                    waitUntil(() -> storedOrMinus(cluster.url()) == total, 900_000, "not every entry stored");
                } finally {
                    running.set(false);
                    for (Thread t : threads) {
                        t.join(java.time.Duration.ofSeconds(90));
                    }
                    vertx.close().await();
                }
                for (int c = 0; c < centers; c++) {
                    List<ChainedEntry> chain = chains.get(c);
                    String id = String.format(Locale.ROOT, "failover-%03d", c);
                    RegionStore.Totals t = store.totals(id);
                    if (!t.equals(new RegionStore.Totals(perCenter, perCenter, chain.getLast().hash()))) {
                        throw new IllegalStateException("center " + id + " ends at " + t + ", its ledger at "
                                + perCenter + " " + chain.getLast().hash());
                    }
                }
                System.out.printf(Locale.ROOT, "all %,d entries of %d centers stored exactly (count, highest seq, head"
                        + " hash per center)%n", total, centers);
            }
        }
        Stats.table(System.out, new String[] {"kill", "leader killed", "entries stored at the kill",
                "s to a new leader", "s until uploads resume"}, rows);
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    private List<ChainedEntry> chain(String id) {
        return MadeUpChains.chain(perCenter, i -> MadeUpChains.saleLine(id + "-" + i, START_MS + i * 60_000L));
    }

    private static ChainSource source(List<ChainedEntry> chain) {
        return new ChainSource() {
            @Override
            public long headSeq() {
                return chain.size();
            }

            @Override
            public List<ChainedEntry> after(long seq, int limit) {
                return List.copyOf(chain.subList((int) seq, (int) Math.min(chain.size(), seq + limit)));
            }
        };
    }

    private static long stored(String url) {
        return Math.max(storedOrMinus(url), 0);
    }

    /**
     * Entries stored over all centers, or -1 while no primary answers: read on a connection of its
     * own each time (not the store's pool, whose wait for a connection would blur the timing).
     */
    private static long storedOrMinus(String url) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(stored_through), 0) FROM center")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long ms, String failure)
            throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(200);
        }
    }
}
