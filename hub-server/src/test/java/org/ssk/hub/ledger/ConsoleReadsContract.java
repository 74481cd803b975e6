package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.alert.AlertAcks;
import org.ssk.hub.alert.AlertEngine;
import org.ssk.hub.alert.AlertSettings;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;

/** The console's own SQL (ledger entries as one list, alert acknowledgements) against SQLite and PostgreSQL. */
abstract class ConsoleReadsContract {
    private static final long T0 = 1_790_000_000_000L;

    protected Database db;
    private JdbcLedger ledger;
    private LedgerEntries entries;
    private Catalog catalog;

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        catalog = new Catalog(db);
        SampleCatalog.load(catalog, T0);
        ledger = new JdbcLedger(db, Clock.systemUTC());
        entries = new LedgerEntries(db);
        ledger.append(new Restock("S1", "t", 1, T0 + 1, "1", "dy-rice-2500", 8, 2000));
        ledger.append(new Pick("S1", "t", 2, T0 + 2, "1", "dy-rice-2500", 1, 250));
        ledger.recordSale(new Sale("POS-1", "pos", T0 + 3, List.of(new Sale.Line("dy-rice-2500", 1, "S1")), null));
        ledger.recordStockEntry(StockEntry.stockTake("ST-1", "S1", "1", "dy-rice-2500", T0 + 4, 6, "sam"));
        ledger.recordStockEntry(StockEntry.correction("C-1", "S2", "2", null, T0 + 5, 1, "ST-1", "found one", "olga"));
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dropDatabase(db);
    }

    private List<String> refs(String kind, String shelf, String sku, int limit, int offset) throws Exception {
        return entries.list(new LedgerEntries.Query(0, Long.MAX_VALUE, kind, shelf, sku, limit, offset)).entries()
                .stream().map(LedgerEntries.Entry::ref).toList();
    }

    @Test
    void everyKindOfEntryIsListedNewestFirstAndFiltered() throws Exception {
        assertEquals(List.of("C-1", "ST-1", "POS-1", "S1/t/2", "S1/t/1"), refs(null, null, null, 10, 0));
        assertEquals(List.of("S1/t/2", "S1/t/1"), refs("event", null, null, 10, 0));
        assertEquals(List.of("ST-1"), refs("stocktake", null, null, 10, 0));
        assertEquals(List.of("C-1"), refs(null, "S2", null, 10, 0));
        assertEquals(List.of("POS-1"), refs("sale", "S1", "dy-rice-2500", 10, 0));
        LedgerEntries.Entry take = entries.list(new LedgerEntries.Query(0, Long.MAX_VALUE, "stocktake", null, null, 1, 0))
                .entries().getFirst();
        assertEquals(6, take.counted());
        assertEquals(-1, take.qty(), "the ledger expected 7: one item short");
        assertEquals("sam", take.byUser());
        LedgerEntries.Entry sale = entries.list(new LedgerEntries.Query(0, Long.MAX_VALUE, "sale", null, null, 1, 0))
                .entries().getFirst();
        assertTrue(sale.amountFen() > 0 && "pos".equals(sale.note()), sale.toString());
    }

    @Test
    void liftsAreLeftOutWhenAskedUnlessTheirKindIsChosen() throws Exception {
        ledger.append(new Lift("S1", "t", 3, T0 + 6, "2", "dy-rice-5000", 5050));
        assertEquals(List.of("S1/t/3", "C-1", "ST-1", "POS-1", "S1/t/2", "S1/t/1"), refs(null, null, null, 10, 0));
        LedgerEntries.Page without = entries.list(new LedgerEntries.Query(0, Long.MAX_VALUE, null, null, null, 10, 0,
                false));
        assertEquals(List.of("C-1", "ST-1", "POS-1", "S1/t/2", "S1/t/1"),
                without.entries().stream().map(LedgerEntries.Entry::ref).toList());
        assertEquals(5, without.total());
        assertEquals(List.of("S1/t/3"), entries.list(new LedgerEntries.Query(0, Long.MAX_VALUE, "lift", null, null, 10,
                0, false)).entries().stream().map(LedgerEntries.Entry::ref).toList());
    }

    @Test
    void pagesAddUpToTheTotalAndTimeBoundsAreHalfOpen() throws Exception {
        LedgerEntries.Page first = entries.list(new LedgerEntries.Query(0, Long.MAX_VALUE, null, null, null, 2, 0));
        assertEquals(5, first.total());
        assertEquals(List.of("C-1", "ST-1"), first.entries().stream().map(LedgerEntries.Entry::ref).toList());
        assertEquals(List.of("S1/t/1"), refs(null, null, null, 2, 4));
        assertEquals(List.of("POS-1", "S1/t/2"), entries.list(new LedgerEntries.Query(T0 + 2, T0 + 4, null, null, null,
                10, 0)).entries().stream().map(LedgerEntries.Entry::ref).toList());
    }

    @Test
    void theFirstAcknowledgementOfAnAlertIsKeptAndItStaysOpen() throws Exception {
        AlertEngine engine = new AlertEngine(db, catalog, ledger, AlertSettings.defaults(), ZoneId.of("Asia/Shanghai"));
        long id = engine.evaluate(T0 + 10, Set.of("S3")).stream().filter(a -> a.kind().wireName().equals("shelf_offline"))
                .findFirst().orElseThrow().id();
        AlertAcks acks = new AlertAcks(db);
        assertEquals(new AlertAcks.Ack("sam", T0 + 11), acks.ack(id, "sam", T0 + 11).orElseThrow());
        assertEquals(new AlertAcks.Ack("sam", T0 + 11), acks.ack(id, "olga", T0 + 12).orElseThrow(), "first kept");
        assertEquals(new AlertAcks.Ack("sam", T0 + 11), acks.acks(T0).get(id));
        assertTrue(engine.open().stream().anyMatch(a -> a.id() == id), "still open");
        assertTrue(acks.ack(id + 1000, "sam", T0).isEmpty());
    }
}
