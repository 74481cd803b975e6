package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.region.CenterHealth;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploader;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.region.store.ConsoleStore;

/**
 * A real hub's uploader and HTTP client tell a real region their chain's head and health with
 * their uploads; the region console then lists the center with its head, no lag, its offline
 * shelves and open alerts.
 */
@Timeout(300)
class HubReportsStatusTest {
    @TempDir
    Path dir;

    @Test
    void theHubsHeadOfflineShelvesAndOpenAlertsReachTheRegionConsole() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.start(); RegionHarness region = new RegionHarness(pg.newDatabase())) {
            Database db = Database.open("jdbc:sqlite:" + dir.resolve("hub.db"));
            SampleCatalog.load(new Catalog(db), 1_000);
            JdbcLedger ledger = new JdbcLedger(db, Clock.systemUTC());
            try {
                for (int i = 1; i <= 20; i++) {
                    ledger.append(new Restock("S1", "e1", i * 2 - 1, 1_000L * i, "1", "dy-rice-2500", 1, 2_500));
                    ledger.append(new Pick("S1", "e1", i * 2, 1_000L * i + 500, "1", "dy-rice-2500", 1, 2_500));
                }
                String secret = region.store.addCenter("north", "北区中心", System.currentTimeMillis());
                RegionUploader up = new RegionUploader(new RegionLink("north", region.base, secret, 0, 0),
                        ledger.chainSource(), new HttpRegionClient(region.base, secret), () -> new CenterHealth(2, 3));
                long head = ledger.chainHead().seq();
                for (int i = 0; i < 10 && region.store.totals("north").highestSeq() < head; i++) {
                    up.step(System.currentTimeMillis());
                }
                List<ConsoleStore.CenterRow> centers = region.store.console().centers();
                ConsoleStore.CenterRow north = centers.get(0);
                assertEquals(head, north.headSeq());
                assertEquals(head, north.storedThrough());
                assertEquals(0L, north.lagEntries());
                assertEquals(0L, north.lagSeconds(System.currentTimeMillis()));
                assertEquals(2, north.offlineShelves());
                assertEquals(3, north.openAlerts());
            } finally {
                ledger.close();
            }
        }
    }
}
