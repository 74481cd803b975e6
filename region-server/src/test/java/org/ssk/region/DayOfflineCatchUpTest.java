package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;
import org.ssk.region.store.RegionStore;

/**
 * A center offline for a simulated day: the region is away while a real hub ledger (SQLite, its
 * own writer and chain) stores 200,000 shelf events spread over one day, its real uploader
 * failing and backing off all along; then the region comes back on its address, and everything
 * arrives exactly once: count, highest sequence and chain head agree with the hub, and the daily
 * aggregates count every entry once.
 */
@Order(1)
class DayOfflineCatchUpTest {
    static final int ENTRIES = 200_000;
    static final long DAY_START_MS = LocalDate.of(2026, 11, 20).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant()
            .toEpochMilli();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aDayOfEntriesStoredWhileTheRegionWasAwayArrivesExactlyOnceWhenItReturns() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start()) {
            String db = pg.newDatabase();
            String secret = RegionStore.open(db).addCenter("offline-day", "a day offline", System.currentTimeMillis());
            int port = PrivatePostgres.freePort();
            JdbcLedger ledger = new JdbcLedger(Database.open("jdbc:sqlite:" + dir.resolve("hub.db")), Clock.systemUTC());
            RegionUploader uploader = RegionHarness.uploader("http://127.0.0.1:" + port, "offline-day", secret,
                    ledger.chainSource());
            RegionHarness region = null;
            // The uploader's own pacing as RegionUploadVerticle's timer keeps it, at most 50 ms apart here.
            try (RegionHarness.Uploading uploading = new RegionHarness.Uploading(List.of(uploader),
                    Duration.ofMillis(50))) {
                storeADay(ledger);
                var head = ledger.chainHead();
                assertEquals(ENTRIES, head.seq());
                await().atMost(Duration.ofSeconds(30)).until(() -> uploader.status().lagEntries() == ENTRIES);
                assertNotNull(uploader.status().lastError(), "the region was away");

                region = new RegionHarness(db, port);
                RegionStore store = region.store;
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250))
                        .until(() -> store.totals("offline-day").highestSeq() == ENTRIES);
                assertEquals(new RegionStore.Totals(ENTRIES, ENTRIES, head.hash()), store.totals("offline-day"));
                assertEquals(ENTRIES, store.dailySum("offline-day", "shelf_event", LocalDate.of(2026, 11, 20),
                        LocalDate.of(2026, 11, 21)).entries(), "the day's aggregates count every entry once");
                assertEquals(List.of(), store.alerts("offline-day"));
                await().atMost(Duration.ofSeconds(30)).until(() -> uploader.status().lagEntries() == 0);
            } finally {
                ledger.close();
                if (region != null) {
                    region.close();
                }
            }
        }
    }

    /** 100,000 restocks and 100,000 picks, one every 432 ms of the day, stored as shelves send them: in batches. */
    private static void storeADay(JdbcLedger ledger) throws Exception {
        List<ShelfEvent> batch = new ArrayList<>(1_000);
        long every = 86_400_000L / ENTRIES;
        for (int i = 0; i < ENTRIES; i += 2) {
            long t = DAY_START_MS + i * every;
            String lane = String.valueOf(1 + (i / 2) % 5);
            batch.add(new Restock("S1", "day", i + 1, t, lane, "dy-rice-2500", 1, 2_500));
            batch.add(new Pick("S1", "day", i + 2, t + every, lane, "dy-rice-2500", 1, 2_500));
            if (batch.size() == 1_000) {
                assertTrue(ledger.appendAll(batch).stream().allMatch(b -> b));
                batch.clear();
            }
        }
        ledger.appendAll(batch);
    }
}
