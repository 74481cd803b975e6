package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;

/** The ledger chain (sequence numbers and hashes of issue 16) on every store: SQLite and PostgreSQL. */
abstract class LedgerChainContract {
    protected Database db;
    protected JdbcLedger ledger;

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        ledger = new JdbcLedger(db, Clock.systemUTC());
        SampleCatalog.load(new Catalog(db), 1_000);
    }

    @AfterEach
    void close() throws Exception {
        ledger.close();
        dropDatabase(db);
    }

    private void storeOneOfEachKind() throws Exception {
        ledger.append(new Restock("S1", "r1", 1, 1_000, "1", "dy-rice-2500", 3, 7_500));
        ledger.append(new Pick("S1", "p1", 2, 2_000, "1", "dy-rice-2500", 1, 2_500));
        ledger.recordSale(new Sale("POS-1", "pos", 3_000, List.of(new Sale.Line("dy-rice-2500", 2, "S1"),
                new Sale.Line("ly-honey-500", 1, null)), null));
        ledger.recordStockEntry(StockEntry.stockTake("T-1", "S1", "1", "dy-rice-2500", 4_000, 2, "staff1"));
        ledger.recordStockEntry(StockEntry.correction("C-1", "S1", "1", "dy-rice-2500", 5_000, 1, "T-1",
                "a \"bag\"\nin the storeroom", "admin"));
    }

    private static void assertChainIsWhole(List<ChainedEntry> chain, int expectedCount) {
        assertEquals(expectedCount, chain.size());
        String previous = ChainHash.GENESIS;
        for (int i = 0; i < chain.size(); i++) {
            ChainedEntry e = chain.get(i);
            assertEquals(i + 1, e.seq(), "sequence numbers start at 1 and have no gap");
            assertTrue(e.follows(previous), "entry " + e.seq() + " chains on the one before");
            previous = e.hash();
        }
    }

    @Test
    void everyEventSaleLineAndStockEntryGetsTheNextSequenceNumberAndChainsOnThePreviousHash() throws Exception {
        storeOneOfEachKind();
        List<ChainedEntry> chain = ledger.chainAfter(0, 100);
        assertChainIsWhole(chain, 2 + 2 + 2);
        assertEquals(new LedgerChain.Head(6, chain.get(5).hash()), ledger.chainHead());
        assertTrue(chain.get(0).entry().startsWith("{\"src\":\"shelf_event\",\"event_id\":\"S1/r1/1\",\"type\":\"restock\""),
                chain.get(0).entry());
        assertTrue(chain.get(5).entry().contains("\"note\":\"a \\\"bag\\\"\\nin the storeroom\""),
                chain.get(5).entry());
        assertEquals(List.of(3L, 4L), List.of(chain.get(2).seq(), chain.get(3).seq()));
        assertTrue(chain.get(2).entry().contains("\"order_id\":\"POS-1\",\"line_no\":1"), chain.get(2).entry());
    }

    @Test
    void theCanonicalTextOfAnEventIsItsColumnsInTableOrderWithoutThePosition() throws Exception {
        ledger.append(new Pick("S1", "p1", 2, 2_000, "1", "dy-rice-2500", 1, 2_500));
        String entry = ledger.chainAfter(0, 1).get(0).entry();
        String received = entry.replaceAll(".*\"received_ms\":([0-9]+),.*", "$1");
        // The pick's certified flag: the sample certifies the rice until 2027-06-30, with no first day given.
        assertEquals("{\"src\":\"shelf_event\",\"event_id\":\"S1/p1/2\",\"type\":\"pick\",\"shelf\":\"S1\",\"lane\":\"1\","
                + "\"sku\":\"dy-rice-2500\",\"t_ms\":2000,\"qty\":1,\"grams\":2500.0,\"detail\":null,"
                + "\"received_ms\":" + received + ",\"unseen\":0,\"cert_state\":\"certified\",\"cert_number\":\"GD-DY-2026-0012\"}",
                entry);
        assertTrue(Long.parseLong(received) > 0);
    }

    @Test
    void unseenIsOneForAChangeNoHandWasSeenForAndNullForALift() throws Exception {
        ledger.append(new Pick("S1", "p1", 2, 2_000, "1", "dy-rice-2500", 1, 2_500, true));
        ledger.append(new org.ssk.protocol.Lift("S1", "p1", 3, 3_000, "1", "dy-rice-2500", 800));
        List<ChainedEntry> chain = ledger.chainAfter(0, 2);
        assertTrue(chain.get(0).entry().contains(",\"unseen\":1,\"cert_state\""), chain.get(0).entry());
        assertTrue(chain.get(1).entry().contains(",\"unseen\":null,\"cert_state\""), chain.get(1).entry());
    }

    /**
     * A ledger chained before it kept {@code unseen} (migration V32) holds entries without it; they
     * keep the text they were hashed with (what the region has), and new entries chain on them.
     */
    @Test
    void entriesChainedBeforeTheLedgerKeptUnseenKeepTheirTextAndNewOnesChainOnThem() throws Exception {
        storeOneOfEachKind();
        ledger.close();
        List<ChainedEntry> before = new ArrayList<>();
        String hash = ChainHash.GENESIS;
        try (Connection c = db.connect();
             java.sql.PreparedStatement read = c.prepareStatement("SELECT seq, entry FROM ledger_chain ORDER BY seq");
             java.sql.PreparedStatement write = c.prepareStatement("UPDATE ledger_chain SET entry = ?, hash = ? WHERE seq = ?");
             Statement st = c.createStatement()) {
            List<String> texts = new ArrayList<>();
            try (java.sql.ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    texts.add(rs.getString(2).replaceAll(",\"unseen\":(0|1|null)", ""));
                }
            }
            for (int i = 0; i < texts.size(); i++) {
                hash = ChainHash.next(hash, texts.get(i));
                write.setString(1, texts.get(i));
                write.setString(2, hash);
                write.setLong(3, i + 1);
                write.executeUpdate();
                before.add(new ChainedEntry(i + 1, texts.get(i), hash));
            }
            st.executeUpdate("UPDATE shelf_event SET unseen = NULL");
        }
        ledger = new JdbcLedger(db, Clock.systemUTC());
        ledger.append(new Pick("S1", "p9", 9, 9_000, "1", "dy-rice-2500", 1, 2_500, true));
        List<ChainedEntry> chain = ledger.chainAfter(0, 100);
        assertChainIsWhole(chain, before.size() + 1);
        assertEquals(before, chain.subList(0, before.size()), "old entries keep their text and hash");
        assertFalse(before.get(0).entry().contains("unseen"), before.get(0).entry());
        assertTrue(chain.getLast().entry().contains(",\"unseen\":1,"), chain.getLast().entry());
    }

    @Test
    void aRedeliveryOrARefusedEntryTakesNoSequenceNumber() throws Exception {
        Pick pick = new Pick("S1", "p1", 2, 2_000, "1", "dy-rice-2500", 1, 2_500);
        ledger.append(pick);
        assertFalse(ledger.append(pick));
        assertThrows(IllegalArgumentException.class, () -> ledger.recordSale(new Sale("POS-9", "pos", 3_000,
                List.of(new Sale.Line("no-such-sku", 1, "S1")), null)));
        ledger.append(new Pick("S1", "p2", 3, 3_000, "1", "dy-rice-2500", 1, 2_500));
        assertChainIsWhole(ledger.chainAfter(0, 100), 2);
    }

    @Test
    void writersInParallelLeaveOneChainWithoutGaps() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        ledger.append(new Restock("S1", "t" + thread, i + 1, 1_000 + i, "1", "dy-rice-2500", 1, 2_500));
                        if (i % 10 == 0) {
                            ledger.recordStockEntry(StockEntry.declaredRestock("D" + thread + "-" + i, "S1", "1",
                                    "dy-rice-2500", 1_000 + i, 1, "staff"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertChainIsWhole(ledger.chainAfter(0, 10_000), 8 * 50 + 8 * 5);
        assertEquals(201, ledger.chainAfter(200, 200).get(0).seq(), "reading resumes after a sequence number");
    }

    @Test
    void rowsStoredBeforeTheChainExistedAreChainedTheSameWayWhenTheLedgerOpens() throws Exception {
        storeOneOfEachKind();
        List<ChainedEntry> original = ledger.chainAfter(0, 100);
        ledger.close();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM ledger_chain");
        }
        ledger = new JdbcLedger(db, Clock.systemUTC());
        assertEquals(original, ledger.chainAfter(0, 100));
        ledger.append(new Pick("S1", "p9", 9, 9_000, "1", "dy-rice-2500", 1, 2_500));
        assertChainIsWhole(ledger.chainAfter(0, 100), original.size() + 1);
    }
}
