package org.ssk.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.kiosk.Card;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;

class StorageTest {
    @TempDir
    Path dir;

    private HubConfig config() {
        return HubConfig.defaults().withDataDir(dir.toString());
    }

    @Test
    void theSampleCatalogGivesThreeShelvesOfFiveLanesWithACardPerProduct() throws Exception {
        try (JdbcStorage s = JdbcStorage.openWithSampleCatalog(config())) {
            KioskCatalog k = s.loadKioskCatalog();
            assertEquals(java.util.List.of("S1", "S2", "S3"), k.shelves().stream().map(l -> l.shelf()).toList());
            k.shelves().forEach(l -> assertEquals(5, l.lanes().size(), l.shelf()));
            for (var shelf : k.shelves()) {
                for (var lane : shelf.lanes()) {
                    assertTrue(k.card(lane.sku()).isPresent(), "card for " + lane.sku());
                }
            }
            Card rice = k.card("dy-rice-2500").orElseThrow();
            assertEquals("东源县", rice.origin().county());
            assertEquals("https://shop.example.org/p/dy-rice-2500", rice.orderUrl());
            assertEquals("/api/v1/products/dy-rice-2500/qr.svg", rice.qrUrl());
            assertEquals("/api/v1/products/dy-rice-2500/image", rice.imageUrl());
            assertNotNull(rice.certification());
        }
    }

    @Test
    void reopeningKeepsTheLedgerAndDoesNotLoadTheSampleTwice() throws Exception {
        try (JdbcStorage s = JdbcStorage.openWithSampleCatalog(config())) {
            assertEquals(Map.of(), s.ledgerView().stockByLane("S1"), "no stock until the shelves report some");
            long now = System.currentTimeMillis();
            s.appender().append(new Restock("S1", "e1", 1, now - 2, "1", "dy-rice-2500", 8, 8 * 2530));
            s.appender().append(new Pick("S1", "e1", 2, now - 1, "1", "dy-rice-2500", 1, 2530));
        }
        try (JdbcStorage s = JdbcStorage.openWithSampleCatalog(config())) {
            assertEquals(Map.of("1", 7), s.ledgerView().stockByLane("S1"));
            assertEquals(1, s.catalog().shelfConfig("S1").orElseThrow().version(), "planogram unchanged");
            assertTrue(dir.resolve("hub.db").toFile().isFile());
        }
    }

    @Test
    void alertChecksRunOnTheirOwnAndClearALowLaneOnceItIsRestocked() throws Exception {
        HubConfig config = config();
        try (JdbcStorage s = new JdbcStorage(config, org.ssk.hub.ledger.Database.open(config.jdbcUrl()),
                java.time.Clock.systemUTC())) {
            org.ssk.hub.catalog.SampleCatalog.load(s.catalog(), System.currentTimeMillis());
            s.startAlertChecks(200);
            java.util.function.BooleanSupplier honeyLow = () -> {
                try {
                    return s.alerts().open().stream().anyMatch(a -> a.kind() == org.ssk.hub.alert.Alert.Kind.LOW_STOCK
                            && a.subject().equals("S3/2"));
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(honeyLow::getAsBoolean);
            s.appender().append(new Restock("S3", "e1", 1, System.currentTimeMillis(), "2", "ly-honey-500", 8, 8 * 720));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !honeyLow.getAsBoolean());
        }
    }
}
