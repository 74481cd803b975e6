package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.region.store.RegionStore;

/**
 * Real hubs' ledgers (SQLite, the hub's own writer and chain) uploading through the hub's real
 * uploader and HTTP client to a real region server on a private PostgreSQL, while the hubs keep
 * writing: the region ends with exactly each hub's chain (count, highest sequence, head hash).
 */
class HubToRegionTest {
    static RegionHarness region;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        region = RegionHarness.onPrivatePostgres(null);
    }

    @AfterAll
    static void stop() {
        if (region != null) {
            region.close();
        }
    }

    /** One simulated center: a hub ledger and an uploader stepping on a thread of its own. */
    private record Center(String id, JdbcLedger ledger, RegionUploader uploader) {
    }

    @Test
    void threeHubsWritingWhileTheyUploadEndWithTheRegionHoldingExactlyTheirChains() throws Exception {
        List<Center> centers = new ArrayList<>();
        for (String id : List.of("north", "south", "east")) {
            Database db = Database.open("jdbc:sqlite:" + dir.resolve(id + ".db"));
            SampleCatalog.load(new Catalog(db), 1_000);
            JdbcLedger ledger = new JdbcLedger(db, Clock.systemUTC());
            centers.add(new Center(id, ledger, region.uploader(id, region.register(id), ledger.chainSource())));
        }
        // The uploaders' own pacing, as RegionUploadVerticle's timer keeps it: at most 50 ms apart here.
        try (RegionHarness.Uploading uploading = new RegionHarness.Uploading(
                centers.stream().map(Center::uploader).toList(), Duration.ofMillis(50))) {
            for (int i = 1; i <= 150; i++) {
                for (Center c : centers) {
                    c.ledger().append(new Restock("S1", "e1", i * 2 - 1, 1_000L * i, "1", "dy-rice-2500", 1, 2_500));
                    c.ledger().append(new Pick("S1", "e1", i * 2, 1_000L * i + 500, "1", "dy-rice-2500", 1, 2_500));
                    if (i % 15 == 0) {
                        c.ledger().recordSale(new Sale(c.id() + "-" + i, "pos", 1_000L * i, List.of(
                                new Sale.Line("dy-rice-2500", 1, "S1")), null));
                    }
                }
            }
            for (Center c : centers) {
                var head = c.ledger().chainHead();
                await().atMost(Duration.ofSeconds(120)).until(() -> region.store.totals(c.id()).highestSeq() == head.seq());
                assertEquals(new RegionStore.Totals(head.seq(), head.seq(), head.hash()), region.store.totals(c.id()),
                        "center " + c.id());
                assertEquals(2 * 150 + 150 / 15, head.seq());
            }
        } finally {
            centers.forEach(c -> c.ledger().close());
        }
    }
}
