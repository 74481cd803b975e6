package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ssk.hub.region.ChainSource;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.region.store.RegionStore;

/**
 * The region on a Patroni cluster (three PostgreSQL, one etcd, on loopback) while three centers
 * upload through the hub's real uploader and the leader is SIGKILLed twice: the region ends with
 * exactly the union of the centers' chains, nothing lost, nothing twice.
 */
class PatroniFailoverTest {
    private static final long START_MS = 1_774_994_400_000L;
    /** Entries per center; three centers. */
    private static final int ENTRIES = 10_000;

    static PatroniCluster cluster;
    static RegionHarness region;

    @BeforeAll
    static void start() throws Exception {
        cluster = PatroniCluster.start();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(cluster::readyWithSyncStandby);
        region = new RegionHarness(cluster.url());
    }

    @AfterAll
    static void stop() {
        if (region != null) {
            region.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ChainSource source(SimulatedCenter c) {
        return new ChainSource() {
            @Override
            public long headSeq() {
                return c.chain().size();
            }

            @Override
            public List<ChainedEntry> after(long seq, int limit) {
                return List.copyOf(c.chain().subList((int) seq, (int) Math.min(c.chain().size(), seq + limit)));
            }
        };
    }

    private static long storedOfAll(List<SimulatedCenter> centers) throws Exception {
        long n = 0;
        for (SimulatedCenter c : centers) {
            n += region.store.head(c.id()).storedThrough();
        }
        return n;
    }

    @Test
    void threeCentersUploadingWhileTheLeaderIsKilledTwiceEndWithExactlyTheirLedgers() throws Exception {
        List<SimulatedCenter> centers = new ArrayList<>();
        List<RegionUploader> uploaders = new ArrayList<>();
        for (String id : List.of("patroni-a", "patroni-b", "patroni-c")) {
            SimulatedCenter c = new SimulatedCenter(id, START_MS);
            c.grow(ENTRIES);
            String secret = region.store.addCenter(id, "center " + id, Clock.systemUTC().millis());
            centers.add(c);
            uploaders.add(new RegionUploader(new RegionLink(id, region.base, secret, 0, 0), source(c),
                    new HttpRegionClient(region.base, secret)));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (RegionUploader u : uploaders) {
            threads.add(Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    long wait = u.step(System.currentTimeMillis());
                    if (wait > 0) {
                        // the uploader's own pacing (RegionUploadVerticle's timer), capped for the test
                        LockSupport.parkNanos(Duration.ofMillis(Math.min(wait, 2_000)).toNanos());
                    }
                }
            }));
        }
        long total = 3L * ENTRIES;
        try {
            for (int kill = 1; kill <= 2; kill++) {
                long before = kill * total / 3;
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                        .ignoreExceptions().until(() -> storedOfAll(centers) >= before);
                // Only a synchronous standby may take over without losing acknowledged commits:
                // after a failover, wait until the new leader has one again before killing it.
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(cluster::readyWithSyncStandby);
                cluster.killLeader();
            }
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> storedOfAll(centers) == total);
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(60));
            }
        }
        for (SimulatedCenter c : centers) {
            ChainedEntry last = c.chain().get(ENTRIES - 1);
            assertEquals(new RegionStore.Totals(ENTRIES, ENTRIES, last.hash()), region.store.totals(c.id()),
                    "center " + c.id() + ": count, highest sequence and chain head");
        }
    }
}
