package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Restock;

/** The behaviour every {@link Ledger} must have, run against SQLite and PostgreSQL. */
abstract class LedgerContract {
    protected Database db;
    protected JdbcLedger ledger;
    protected Catalog catalog;

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        ledger = new JdbcLedger(db, Clock.systemUTC());
        catalog = new Catalog(db);
        SampleCatalog.load(catalog, 1_000);
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dropDatabase(db);
    }

    @Test
    void anEventIsStoredOnceAndItsRedeliveryIsReportedAsNotNew() throws Exception {
        Pick pick = new Pick("S1", "e1", 1, 1_000, "1", "dy-rice-2500", 1, 2530);
        assertTrue(ledger.append(pick));
        assertFalse(ledger.append(pick));
        assertEquals(1, ledger.events("S1").size());
    }

    @Test
    void aBatchWithARepeatInsideAndAnEventStoredBeforeSaysWhichWereNewAndStoresEachOnce() throws Exception {
        Pick before = new Pick("S1", "e1", 1, 1_000, "1", "dy-rice-2500", 1, 2530);
        Pick fresh = new Pick("S1", "e1", 2, 2_000, "1", "dy-rice-2500", 1, 2530);
        Lift lift = new Lift("S1", "e1", 3, 3_000, "2", "dy-tea-250", 250);
        assertTrue(ledger.append(before));
        assertEquals(List.of(false, true, true, false), ledger.appendAll(List.of(before, fresh, lift, fresh)));
        assertEquals(List.of("S1/e1/1", "S1/e1/2", "S1/e1/3"),
                ledger.events("S1").stream().map(StoredEvent::eventId).toList());
    }

    /**
     * A run long enough for PostgreSQL's COPY path, with every character CSV and SQL care about in
     * its text fields, once all new (the copy) and once with stored and repeated ids among them
     * (the copy refused, the multi-row inserts instead): each field comes back as it went in.
     */
    @Test
    void aLongRunStoresTextFieldsExactlyAndSaysWhichWereNewWhenSomeWereStoredBefore() throws Exception {
        String[] hostile = {"say \"hi\", then go", "line\nbreak\r\nand tab\t", "back\\slash \\N", "",
            "'; DROP TABLE shelf_event; --", "柜台 · 合作社 🍯", ",,,", "\"", "NULL", "\\."};
        List<ShelfEvent> run = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String text = hostile[i % hostile.length];
            run.add(i % 2 == 0
                    ? new Anomaly("S1", "e9", i + 1, 10_000 + i, "1", "sku-" + i, Anomaly.Kind.FOREIGN_ITEM, 12.5 + i, text,
                    i % 3 == 0)
                    : new Pick("S1", "e9", i + 1, 10_000 + i, "2", text.isEmpty() ? null : "k" + i + text.replace("\n", ""),
                    1 + i, 1e-3 * i, i % 3 == 0));
        }
        assertEquals(java.util.Collections.nCopies(40, true), ledger.appendAll(run));
        List<StoredEvent> stored = ledger.events("S1");
        assertEquals(40, stored.size());
        for (int i = 0; i < 40; i++) {
            ShelfEvent e = run.get(i);
            StoredEvent s = stored.get(i);
            assertEquals(e.id(), s.eventId());
            assertEquals(e.sku(), s.sku(), "sku of " + e.id());
            if (e instanceof Anomaly a) {
                assertEquals("foreign_item" + (a.detail().isEmpty() ? "" : ": " + a.detail()), s.detail());
                assertEquals(a.grams(), s.grams());
                assertEquals(a.unseen(), s.unseen(), "unseen of " + e.id());
            } else {
                Pick p = (Pick) e;
                assertEquals(p.qty(), s.qty());
                assertEquals(p.grams(), s.grams());
                assertEquals(null, s.detail());
                assertEquals(p.unseen(), s.unseen(), "unseen of " + e.id());
            }
        }
        // Stored before, new, repeated inside the run: only the first occurrence of a new id is new.
        List<ShelfEvent> mixed = new java.util.ArrayList<>(run.subList(0, 10));
        Pick fresh = new Pick("S1", "e9", 41, 20_000, "1", "dy-rice-2500", 1, 2530, true);
        mixed.add(5, fresh);
        mixed.add(fresh);
        List<Boolean> expected = new java.util.ArrayList<>(java.util.Collections.nCopies(12, false));
        expected.set(5, true);
        assertEquals(expected, ledger.appendAll(mixed));
        assertEquals(41, ledger.events("S1").size());
        assertEquals(true, ledger.events("S1").getLast().unseen(), "the multi-row insert stores unseen too");
    }

    @Test
    void stockPerLaneIsRestocksPlusPutbacksMinusPicks() throws Exception {
        ledger.append(new Restock("S1", "e1", 1, 1_000, "1", "a", 8, 8 * 250));
        ledger.append(new Lift("S1", "e1", 2, 2_000, "1", "a", 250));
        ledger.append(new Pick("S1", "e1", 3, 2_500, "1", "a", 2, 500));
        ledger.append(new Putback("S1", "e1", 4, 3_000, "1", "a", 1, 250));
        ledger.append(new Restock("S1", "e1", 5, 4_000, "2", "b", 3, 900));
        ledger.append(new Anomaly("S1", "e1", 6, 5_000, "2", "b", Anomaly.Kind.FOREIGN_ITEM, 120, "wrong lane"));
        ledger.append(new Pick("S2", "e1", 1, 1_000, "1", "c", 1, 100));
        assertEquals(Map.of("1", 7, "2", 3), ledger.stockByLane("S1"));
        assertEquals(Map.of("1", -1), ledger.stockByLane("S2"));
    }

    @Test
    void eventsKeepTheOrderTheyWereStoredInWithTheirFields() throws Exception {
        ledger.append(new Pick("S1", "e1", 2, 2_000, "1", "a", 2, 500));
        ledger.append(new Anomaly("S1", "e1", 1, 1_000, "3", null, Anomaly.Kind.SENSOR_FAULT, 0, "frozen"));
        List<StoredEvent> events = ledger.events("S1");
        assertEquals(List.of("S1/e1/2", "S1/e1/1"), events.stream().map(StoredEvent::eventId).toList());
        StoredEvent fault = events.get(1);
        assertEquals("anomaly", fault.type());
        assertEquals("sensor_fault: frozen", fault.detail());
        assertEquals(null, fault.sku());
        assertTrue(events.get(0).pos() < fault.pos());
        assertEquals(500, events.get(0).grams());
        assertEquals(false, events.get(0).unseen(), "a change counted with a hand seen");
        assertEquals(null, fault.unseen(), "unseen does not apply to a sensor fault");
    }

    @Test
    void concurrentAppendersAreEachToldOnceThatTheirEventWasNew() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long seq = i % 200 + 1;
                results.add(pool.submit(() -> ledger.append(new Pick("S1", "e1", seq, seq, "1", "a", 1, 250))));
            }
            int fresh = 0;
            for (Future<Boolean> f : results) {
                fresh += f.get() ? 1 : 0;
            }
            assertEquals(200, fresh);
            assertEquals(Map.of("1", -200), ledger.stockByLane("S1"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whatWasAppendedSurvivesClosingAndReopening() throws Exception {
        ledger.append(new Restock("S1", "e1", 1, 1_000, "1", "a", 4, 1000));
        ledger.close();
        ledger = new JdbcLedger(db, Clock.systemUTC());
        assertFalse(ledger.append(new Restock("S1", "e1", 1, 1_000, "1", "a", 4, 1000)));
        assertEquals(Map.of("1", 4), ledger.stockByLane("S1"));
    }

    @Test
    void theLedgerReportsItselfHealthyWhileTheDatabaseAnswers() {
        assertTrue(ledger.healthy());
    }

    @Test
    void aSaleIsStoredOncePerOrderIdAndValuedAtThePriceOfItsTime() throws Exception {
        Product rice = catalog.product("dy-rice-2500").orElseThrow();
        catalog.saveProducts(List.of(new Product(rice.sku(), rice.nameZh(), rice.nameEn(),
                new java.math.BigDecimal("45.00"), rice.unit(), rice.spec(), rice.introZh(), rice.introEn(),
                rice.storyZh(), rice.storyEn(), rice.origin(), rice.producer(), rice.season(), rice.outputScale(),
                rice.annualOutput(), rice.marketPrice(), rice.certification(), rice.trace(), rice.color(), null,
                null)), 10_000);
        Sale before = new Sale("POS-1", "pos", 9_999, List.of(new Sale.Line("dy-rice-2500", 2, "S1"),
                new Sale.Line("ly-honey-500", 1, null)), null);
        assertTrue(ledger.recordSale(before));
        assertFalse(ledger.recordSale(before), "the same order id again");
        assertTrue(ledger.recordSale(new Sale("WEB-7", "online", 10_000,
                List.of(new Sale.Line("dy-rice-2500", 1, null)), null)));
        List<SaleLine> lines = ledger.sales(0, 20_000);
        assertEquals(List.of(7980L, 9800L, 4500L), lines.stream().map(SaleLine::amountFen).toList());
        assertEquals(List.of(1, 2, 1), lines.stream().map(SaleLine::lineNo).toList());
    }

    @Test
    void aSaleOfAnUnknownSkuIsRejectedWithoutStoringAnyOfItsLines() throws Exception {
        Sale bad = new Sale("POS-2", "pos", 5_000, List.of(new Sale.Line("dy-rice-2500", 1, "S1"),
                new Sale.Line("no-such-sku", 1, "S1")), null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ledger.recordSale(bad));
        assertTrue(e.getMessage().contains("no-such-sku"), e.getMessage());
        assertEquals(List.of(), ledger.sales(0, 10_000));
        assertTrue(ledger.recordSale(new Sale("POS-3", "pos", 5_000, List.of(new Sale.Line("dy-egg-30", 1, "S2")),
                null)), "the writer goes on after a rejected write");
    }

    @Test
    void aStockTakeRecordsTheShrinkageAndACorrectionAdjustsWithoutChangingThePast() throws Exception {
        ledger.append(new Restock("S1", "e1", 1, 1_000, "1", "dy-rice-2500", 8, 8 * 2530));
        ledger.append(new Pick("S1", "e1", 2, 2_000, "1", "dy-rice-2500", 1, 2530));
        assertTrue(ledger.recordStockEntry(StockEntry.declaredRestock("R-1", "S1", "1", "dy-rice-2500", 900, 8,
                "staff1")));
        assertTrue(ledger.recordStockEntry(StockEntry.stockTake("T-1", "S1", "1", "dy-rice-2500", 3_000, 5,
                "staff1")));
        assertFalse(ledger.recordStockEntry(StockEntry.stockTake("T-1", "S1", "1", "dy-rice-2500", 3_000, 5,
                "staff1")));
        assertEquals(Map.of("1", 5), ledger.stockByLane("S1"));
        assertTrue(ledger.recordStockEntry(StockEntry.correction("C-1", "S1", "1", "dy-rice-2500", 4_000, 1, "T-1",
                "one bag was in the storeroom", "admin")));
        assertEquals(Map.of("1", 6), ledger.stockByLane("S1"));
        List<StockEntry> entries = ledger.stockEntries(0, 10_000);
        assertEquals(List.of("R-1", "T-1", "C-1"), entries.stream().map(StockEntry::entryId).toList());
        assertEquals(-2, entries.get(1).qty(), "7 expected, 5 counted");
        assertEquals(5, entries.get(1).counted());
    }

    @Test
    void aShelfsStockTakeIsStoredWholeOrNotAtAllAndARetryStoresNothingTwice() throws Exception {
        ledger.append(new Restock("S1", "e1", 1, 1_000, "1", "dy-rice-2500", 8, 8 * 2530));
        StockEntry lane1 = StockEntry.stockTake("TK/1", "S1", "1", "dy-rice-2500", 3_000, 6, "staff1");
        StockEntry nowhere = StockEntry.stockTake("TK/9", "S1", "9", null, 3_000, 1, "staff1");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ledger.recordStockEntries(List.of(lane1, nowhere)));
        assertEquals(List.of(), ledger.stockEntries(0, 10_000), "the valid lane was not stored either");
        // The writer's other work in the same batch is unaffected: an event still goes in.
        ledger.append(new Pick("S1", "e1", 2, 2_000, "1", "dy-rice-2500", 1, 2530));
        StockEntry lane2 = StockEntry.stockTake("TK/2", "S1", "2", "dy-rice-5000", 3_000, 0, "staff1");
        assertTrue(ledger.recordStockEntries(List.of(lane1, lane2)));
        assertFalse(ledger.recordStockEntries(List.of(lane1, lane2)), "a retry stores nothing twice");
        assertEquals(List.of("TK/1", "TK/2"), ledger.stockEntries(0, 10_000).stream().map(StockEntry::entryId).toList());
        assertEquals(6, ledger.stockByLane("S1").get("1"));
    }
}
