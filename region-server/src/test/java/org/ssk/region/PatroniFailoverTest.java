package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.region.store.RegionStore;

/**
 * The region on a Patroni cluster (three PostgreSQL, one etcd, on loopback) while three centers
 * upload 100,000 entries through the hub's real uploader and the leader is SIGKILLed twice, each
 * time with a batch in the middle of its transaction on the leader: the region ends with exactly
 * the union of the centers' chains, nothing lost, nothing twice, the aggregates counting each
 * entry once.
 */
@Order(1)
class PatroniFailoverTest {
    /** 2026-04-01T00:00 in Shanghai: each center's entries, one a second, all fall on this day of the region's zone. */
    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);
    private static final long START_MS = DAY.atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    /** Entries of the three centers together. */
    static final int ENTRIES = 100_000;
    /** Shown each kill and the whole run (not asserted: a test asserts behaviour, not time). */
    private static final long T0 = System.nanoTime();

    static PatroniCluster cluster;
    static RegionHarness region;

    @BeforeAll
    static void start() throws Exception {
        cluster = PatroniCluster.start();
        // The region (its migrations) needs only a primary; it starts while the replicas are cloned.
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leader().isPresent());
        region = new RegionHarness(cluster.url());
        phase("cluster has a leader, region started");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(cluster::readyWithSyncStandby);
        phase("synchronous standby ready");
    }

    @AfterAll
    static void stop() {
        phase("stopping");
        if (region != null) {
            region.close();
        }
        phase("region stopped");
        if (cluster != null) {
            cluster.close();
        }
        phase("cluster stopped");
    }

    private static void phase(String what) {
        System.out.printf("PatroniFailoverTest %6.1f s  %s%n", (System.nanoTime() - T0) / 1e9, what);
    }

    private static long stored(SimulatedCenter c) throws SQLException {
        return region.store.head(c.id()).storedThrough();
    }

    private static boolean allStored(List<SimulatedCenter> centers, long[] written) {
        try {
            for (int i = 0; i < centers.size(); i++) {
                if (stored(centers.get(i)) != written[i]) {
                    return false;
                }
            }
            return true;
        } catch (SQLException failingOver) {
            return false;
        }
    }

    @Test
    void threeCentersUploadingWhileTheLeaderIsKilledTwiceEndWithExactlyTheirLedgers() throws Exception {
        List<SimulatedCenter> centers = new ArrayList<>();
        List<RegionUploader> uploaders = new ArrayList<>();
        int[] sizes = {ENTRIES - 2 * (ENTRIES / 3), ENTRIES / 3, ENTRIES / 3};
        long[] written = new long[3];
        AtomicInteger thirds = new AtomicInteger(1);
        for (int i = 0; i < 3; i++) {
            SimulatedCenter c = new SimulatedCenter("patroni-" + (char) ('a' + i), START_MS, 1_000);
            c.grow(sizes[i]);
            centers.add(c);
            int size = sizes[i];
            uploaders.add(region.uploader(c.id(), region.register(c.id()), c.source(() -> size * thirds.get() / 3L)));
        }
        SimulatedCenter held = centers.get(0);
        try (RegionHarness.Uploading uploading = new RegionHarness.Uploading(uploaders, Duration.ofMillis(500))) {
            for (int kill = 1; kill <= 2; kill++) {
                for (int i = 0; i < 3; i++) {
                    written[i] = sizes[i] * (long) thirds.get() / 3;
                }
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100))
                        .until(() -> allStored(centers, written));
                // Only a synchronous standby may take over without losing acknowledged commits:
                // after a failover, wait until the new leader has one again before killing it.
                try {
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                            .until(cluster::readyWithSyncStandby);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    // The cluster's directory goes with it: what Patroni said goes into the failure.
                    throw new AssertionError("no leader with a synchronous standby within 120 s after kill "
                            + (kill - 1) + "\n" + cluster.logTails(40), e);
                }
                phase("third " + kill + " stored, synchronous standby ready");
                killWithABatchHalfDone(held, thirds);
                phase("leader killed (" + kill + ")");
            }
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> allStored(centers, new long[] {sizes[0], sizes[1], sizes[2]}));
            phase("all " + ENTRIES + " entries stored");
        }
        for (SimulatedCenter c : centers) {
            ChainedEntry last = c.chain().getLast();
            assertEquals(new RegionStore.Totals(last.seq(), last.seq(), last.hash()), region.store.totals(c.id()),
                    "center " + c.id() + ": count, highest sequence and chain head");
            assertEquals(last.seq(), region.store.dailySum(c.id(), "sale_line", DAY, DAY.plusDays(1)).entries(),
                    "center " + c.id() + ": the day's aggregates count each entry once");
        }
        assertEquals(ENTRIES, centers.stream().mapToInt(c -> c.chain().size()).sum());
    }

    /**
     * Holds {@code center}'s aggregate row on the leader, lets every center write its next third,
     * waits until {@code center}'s next batch has inserted its entries and waits on that row
     * inside its transaction, and kills the leader then.
     */
    private static void killWithABatchHalfDone(SimulatedCenter center, AtomicInteger thirds) throws Exception {
        Connection holder = DriverManager.getConnection(cluster.url());
        Connection watch = DriverManager.getConnection(cluster.url());
        try {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT entries FROM region_daily"
                    + " WHERE center_id = ? FOR UPDATE")) {
                lock.setString(1, center.id());
                lock.executeQuery().close();
            }
            thirds.incrementAndGet();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> RegionHarness.waitingOnALock(watch) > 0);
            cluster.killLeader();
        } finally {
            closeQuietly(holder);
            closeQuietly(watch);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException goneWithTheLeader) {
            // its server was killed
        }
    }
}
