package org.ssk.hub.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.ledger.StockEntry;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;

/** Alert behaviour on the sample catalog, run against SQLite and PostgreSQL. */
abstract class AlertEngineContract {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long DAY = 86_400_000L;
    /** 2026-11-01 00:00 in Shanghai: the sample catalog is listed then. */
    private static final long T0 = LocalDate.of(2026, 11, 1).atStartOfDay(ZONE).toInstant().toEpochMilli();

    protected Database db;
    private JdbcLedger ledger;
    private AlertEngine engine;
    private final List<String> heard = new ArrayList<>();
    private long seq;

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        Catalog catalog = new Catalog(db);
        SampleCatalog.load(catalog, T0);
        ledger = new JdbcLedger(db, Clock.systemUTC());
        engine = new AlertEngine(db, catalog, ledger, AlertSettings.defaults(), ZONE);
        engine.addListener(new AlertListener() {
            @Override
            public void raised(Alert a) {
                heard.add("raised " + a.kind().wireName() + " " + a.subject());
            }

            @Override
            public void cleared(Alert a) {
                heard.add("cleared " + a.kind().wireName() + " " + a.subject());
            }
        });
        // Every lane full, so that only the condition under test raises alerts.
        for (var shelf : catalog.shelves()) {
            for (var lane : shelf.lanes()) {
                ledger.append(new Restock(shelf.id(), "t", ++seq, T0, lane.lane(), lane.sku(), 8, 800));
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dropDatabase(db);
    }

    private List<String> kinds(List<Alert> alerts) {
        return alerts.stream().map(a -> (a.clearedMs() == null ? "+" : "-") + a.kind().wireName() + " " + a.subject())
                .toList();
    }

    @Test
    void aLowLaneIsRaisedOnceAndClearedByARestock() throws Exception {
        long now = T0 + DAY;
        assertEquals(List.of(), kinds(engine.evaluate(now, Set.of())), "every lane full, nothing due");
        ledger.append(new Pick("S1", "t", ++seq, now, "2", "dy-rice-5000", 6, 6 * 5050));
        assertEquals(List.of("+low_stock S1/2"), kinds(engine.evaluate(now + 1, Set.of())));
        assertEquals(List.of(), kinds(engine.evaluate(now + 2, Set.of())), "raised once");
        ledger.append(new Restock("S1", "t", ++seq, now + 3, "2", "dy-rice-5000", 5, 5 * 5050));
        assertEquals(List.of("-low_stock S1/2"), kinds(engine.evaluate(now + 4, Set.of())));
        assertTrue(heard.contains("raised low_stock S1/2") && heard.contains("cleared low_stock S1/2"), heard.toString());
        assertEquals(List.of(), engine.open());
        assertEquals(1, engine.history(T0).size());
    }

    @Test
    void laneAnomaliesRaiseSensorFaultAndWrongItemUntilTheLaneReportsNormally() throws Exception {
        long now = T0 + DAY;
        engine.evaluate(now, Set.of());
        ledger.append(new Anomaly("S2", "t", ++seq, now, "1", "dy-tea-250", Anomaly.Kind.SENSOR_FAULT, 0, "frozen"));
        ledger.append(new Anomaly("S3", "t", ++seq, now, "4", "ly-noodle-500", Anomaly.Kind.FOREIGN_ITEM, 215, ""));
        assertEquals(List.of("+sensor_fault S2/1", "+wrong_item S3/4"), kinds(engine.evaluate(now + 1, Set.of())));
        ledger.append(new Pick("S3", "t", ++seq, now + 2, "4", "ly-noodle-500", 1, 520));
        assertEquals(List.of("-wrong_item S3/4"), kinds(engine.evaluate(now + 3, Set.of())));
    }

    @Test
    void faultsInAShelfsHeartbeatAreOneAlertUntilAHeartbeatWithoutThem() throws Exception {
        long now = T0 + DAY;
        engine.evaluate(now, Set.of());
        engine.shelfFaults("S1", List.of("outbox: cannot write (disk full), 12 events held in memory"));
        List<Alert> raised = engine.evaluate(now + 1, Set.of());
        assertEquals(List.of("+shelf_fault S1"), kinds(raised));
        assertTrue(raised.get(0).detail().contains("disk full"), raised.get(0).detail());
        engine.shelfFaults("S1", List.of("outbox: cannot write (disk full), 40 events held in memory"));
        assertEquals(List.of(), kinds(engine.evaluate(now + 2, Set.of())), "the same fault is not raised again");
        engine.shelfFaults("S1", List.of());
        assertEquals(List.of("-shelf_fault S1"), kinds(engine.evaluate(now + 3, Set.of())));
    }

    @Test
    void anOfflineShelfIsRaisedAndClearedWhenItComesBack() throws Exception {
        long now = T0 + DAY;
        engine.evaluate(now, Set.of());
        assertEquals(List.of("+shelf_offline S3"), kinds(engine.evaluate(now + 1, Set.of("S3"))));
        assertEquals(List.of("-shelf_offline S3"), kinds(engine.evaluate(now + 2, Set.of())));
    }

    @Test
    void aProductWithoutASaleForTheConfiguredDaysIsUnsoldUntilItSells() throws Exception {
        long now = T0 + 15 * DAY;
        ledger.recordSale(new Sale("P-1", "pos", now - DAY, List.of(new Sale.Line("dy-rice-2500", 1, "S1")), null));
        List<Alert> raised = engine.evaluate(now, Set.of());
        long unsold = raised.stream().filter(a -> a.kind() == Alert.Kind.UNSOLD).count();
        assertEquals(14, unsold, "15 products on lanes, one sold");
        assertTrue(raised.stream().noneMatch(a -> a.subject().equals("dy-rice-2500")));
        ledger.recordSale(new Sale("P-2", "online", now, List.of(new Sale.Line("ly-kiwi-1000", 2, null)), null));
        assertEquals(List.of("-unsold ly-kiwi-1000"), kinds(engine.evaluate(now + 1, Set.of())));
    }

    @Test
    void aDeclaredRestockTheShelfSawDifferentlyIsRaisedUntilCorrected() throws Exception {
        long now = T0 + DAY;
        engine.evaluate(now, Set.of());
        ledger.recordStockEntry(StockEntry.declaredRestock("R-1", "S2", "3", "dy-egg-30", now, 6, "staff1"));
        ledger.append(new Restock("S2", "t", ++seq, now + 60_000, "3", "dy-egg-30", 5, 5 * 1920));
        ledger.recordStockEntry(StockEntry.declaredRestock("R-2", "S2", "2", "dy-wine-500", now, 2, "staff1"));
        ledger.append(new Restock("S2", "t", ++seq, now + 60_000, "2", "dy-wine-500", 2, 2 * 950));
        assertEquals(List.of(), kinds(engine.evaluate(now + 120_000, Set.of())), "still within the window");
        List<Alert> raised = engine.evaluate(now + 31 * 60_000, Set.of());
        assertEquals(List.of("+restock_mismatch R-1"), kinds(raised));
        assertNotNull(raised.get(0).detail());
        ledger.recordStockEntry(StockEntry.correction("C-1", "S2", "3", "dy-egg-30", now + 32 * 60_000, -1, "R-1",
                "one box was broken", "admin"));
        assertEquals(List.of("-restock_mismatch R-1"), kinds(engine.evaluate(now + 33 * 60_000, Set.of())));
    }

    @Test
    void aCertificateIsFlaggedThirtyDaysBeforeItExpires() throws Exception {
        long before = LocalDate.of(2026, 11, 14).atStartOfDay(ZONE).toInstant().toEpochMilli();
        assertTrue(engine.evaluate(before, Set.of()).stream().noneMatch(a -> a.kind() == Alert.Kind.CERTIFICATION_EXPIRING));
        long within = LocalDate.of(2026, 11, 16).atStartOfDay(ZONE).toInstant().toEpochMilli();
        List<Alert> raised = engine.evaluate(within, Set.of()).stream()
                .filter(a -> a.kind() == Alert.Kind.CERTIFICATION_EXPIRING).toList();
        assertEquals(List.of("+certification_expiring lyun-plum-200"), kinds(raised));
        assertTrue(raised.get(0).detail().contains("GX-LYUN-2026-0034"), raised.get(0).detail());
    }
}
