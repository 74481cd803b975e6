package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.ingest.Plausibility;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/** The quarantine every {@link JdbcLedger} keeps, run against SQLite and PostgreSQL. */
abstract class QuarantineContract {
    static final long NOW = Instant.parse("2026-12-05T08:00:00Z").toEpochMilli();
    protected Database db;
    protected JdbcLedger ledger;
    protected Catalog catalog;
    private final Plausibility check = new Plausibility(Plausibility.Settings.defaults());

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        ledger = new JdbcLedger(db, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        catalog = new Catalog(db);
        SampleCatalog.load(catalog, 1_000);
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dropDatabase(db);
    }

    private static Pick pick(long seq, long t, String lane, String sku, int qty) {
        return new Pick("S1", "q", seq, t, lane, sku, qty, Math.min(qty * 2530.0, 999_000));
    }

    private List<Boolean> ingest(ShelfEvent... events) throws Exception {
        return ledger.appendChecked(List.of(events), check);
    }

    @Test
    void implausibleEventsAreKeptWithTheirReasonAndCountInNoTotal() throws Exception {
        ledger.append(new Restock("S1", "r", 1, NOW - 60_000, "1", "dy-rice-2500", 5, 5 * 2530.0));
        assertEquals(List.of(true, true, true, true, true), ingest(
                pick(1, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli(), "1", "dy-rice-2500", 1),
                pick(2, 0, "1", "dy-rice-2500", 1),
                pick(3, NOW, "8", "dy-rice-2500", 1),
                pick(4, NOW, "1", "ly-honey-500", 1),
                pick(5, NOW, "1", "dy-rice-2500", 1000)));
        assertEquals(5, ledger.stockByLane("S1").get("1"));
        assertEquals(1, ledger.events("S1").size(), "only the restock");
        List<QuarantinedEvent> held = ledger.quarantined(true);
        assertEquals(List.of("shelf_clock", "shelf_clock", "planogram_mismatch", "planogram_mismatch",
                "implausible_quantity"), held.stream().map(QuarantinedEvent::kind).toList());
        assertTrue(held.stream().allMatch(q -> !q.reason().isBlank() && q.pending() && q.planogramVersion() != null));
        assertEquals(1000, held.get(4).event().qty());
    }

    @Test
    void aPlausibleEventIsStoredAsBeforeAndItsRedeliveryIsNotNew() throws Exception {
        assertEquals(List.of(true), ingest(pick(1, NOW - 1_000, "1", "dy-rice-2500", 1)));
        assertEquals(List.of(false), ingest(pick(1, NOW - 1_000, "1", "dy-rice-2500", 1)));
        assertEquals(1, ledger.events("S1").size());
        assertEquals(List.of(), ledger.quarantined(false));
    }

    @Test
    void aHeldEventRedeliveredAsPlausibleOrUncheckedStaysHeld() throws Exception {
        Pick wrongSku = pick(1, NOW, "1", "dy-yuba-250", 1);
        assertEquals(List.of(true), ingest(wrongSku));
        catalog.savePlanogram("S1", "S1", List.of(new Shelf.Lane("1", "dy-yuba-250", 262)));
        assertEquals(List.of(false), ingest(wrongSku));
        assertFalse(ledger.append(wrongSku));
        assertEquals(0, ledger.events("S1").size());
        assertEquals(1, ledger.quarantined(true).size());
    }

    @Test
    void aHeldEventInsideALargeBatchStaysHeldAndTheOthersAreStored() throws Exception {
        assertEquals(List.of(true), ingest(pick(200, 0, "1", "dy-rice-2500", 1)));
        List<ShelfEvent> batch = new java.util.ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            batch.add(pick(i, NOW - 1_000, "1", "dy-rice-2500", 1));
        }
        List<Boolean> fresh = ledger.appendChecked(batch, check);
        assertEquals(299, fresh.stream().filter(f -> f).count());
        assertFalse(fresh.get(199), "S1/q/200 is held");
        assertEquals(299, ledger.events("S1").size());
        assertEquals(List.of("S1/q/200"), ledger.quarantined(true).stream().map(q -> q.event().eventId()).toList());
    }

    @Test
    void theDecisionUsesThePlanogramInForceWhenTheEventIsStored() throws Exception {
        assertEquals(List.of(true), ingest(pick(1, NOW, "1", "dy-yuba-250", 1)));
        catalog.savePlanogram("S1", "S1", List.of(new Shelf.Lane("1", "dy-yuba-250", 262)));
        assertEquals(List.of(true, true), ingest(pick(2, NOW, "1", "dy-yuba-250", 1), pick(3, NOW, "1", "dy-rice-2500", 1)));
        assertEquals(List.of("S1/q/2"), ledger.events("S1").stream().map(StoredEvent::eventId).toList());
        assertEquals(List.of("S1/q/1", "S1/q/3"),
                ledger.quarantined(true).stream().map(q -> q.event().eventId()).toList());
    }

    @Test
    void aReleasedEventCountsOnceAndRecordsWhoAndWhen() throws Exception {
        ingest(new Restock("S1", "q", 1, NOW, "1", "dy-rice-2500", 300, 300 * 2530.0, true));
        assertEquals(null, ledger.stockByLane("S1").get("1"));
        assertEquals(true, ledger.quarantined(true).get(0).event().unseen());
        assertTrue(ledger.decideQuarantined("S1/q/1", true, "op1"));
        assertEquals(true, ledger.events("S1").get(0).unseen(), "released as it was held, unseen kept");
        assertFalse(ledger.decideQuarantined("S1/q/1", false, "op2"), "decided once");
        assertEquals(300, ledger.stockByLane("S1").get("1"));
        QuarantinedEvent q = ledger.quarantined(false).get(0);
        assertEquals(QuarantinedEvent.RELEASED, q.decision());
        assertEquals("op1", q.byUser());
        assertEquals(NOW, q.decidedMs());
        assertEquals(List.of(), ledger.quarantined(true));
        assertEquals(List.of(false), ingest(new Restock("S1", "q", 1, NOW, "1", "dy-rice-2500", 300, 300 * 2530.0)));
        assertEquals(300, ledger.stockByLane("S1").get("1"));
    }

    @Test
    void aRejectedEventNeverCountsAndAnUnknownIdIsRefused() throws Exception {
        ingest(pick(1, 0, "1", "dy-rice-2500", 1));
        assertTrue(ledger.decideQuarantined("S1/q/1", false, "op1"));
        assertEquals(0, ledger.events("S1").size());
        assertEquals(QuarantinedEvent.REJECTED, ledger.quarantined(false).get(0).decision());
        assertThrows(NoSuchElementException.class, () -> ledger.decideQuarantined("S1/q/404", true, "op1"));
        assertThrows(IllegalArgumentException.class, () -> ledger.decideQuarantined("S1/q/1", true, " "));
    }
}
