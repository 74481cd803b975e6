package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.region.ChainHash;
import org.ssk.protocol.region.ChainedEntry;
import org.ssk.protocol.region.EntryPage;

/**
 * {@link ChainRestore} against pages a region might send, on SQLite: a faithful chain restores
 * with the same texts and hashes; a rewritten entry, a chain cut short, an entry with a column
 * the table lacks and a non-empty ledger are refused, and nothing is written. (The end-to-end
 * restore through a real region on SQLite and PostgreSQL is region-server's RestoreFromRegionTest.)
 */
class ChainRestoreTest {
    @TempDir
    Path dir;

    private List<ChainedEntry> chain;

    @BeforeEach
    void aCenterLedgerOfTwentyEvents() throws Exception {
        Database source = Database.open("jdbc:sqlite:" + dir.resolve("source.db"));
        JdbcLedger ledger = new JdbcLedger(source, Clock.systemUTC());
        try {
            for (int i = 1; i <= 10; i++) {
                ledger.append(new Restock("S1", "e1", 2L * i - 1, 1_000L * i, "1", "dy-rice-2500", 1, 2_500.5));
                ledger.append(new Pick("S1", "e1", 2L * i, 1_000L * i + 1, "1", "dy-rice-2500", 1, 2_499.5));
            }
            chain = ledger.chainAfter(0, 100);
        } finally {
            ledger.close();
        }
        assertEquals(20, chain.size());
    }

    /** Pages of at most 7 entries of {@code entries}, claiming the region holds {@code through}. */
    private static ChainRestore.Pages pages(List<ChainedEntry> entries, long through, String head) {
        return after -> new EntryPage("north", through, head, entries.stream()
                .filter(e -> e.seq() > after && e.seq() <= through).limit(7).toList());
    }

    private Database empty() throws Exception {
        return Database.open("jdbc:sqlite:" + dir.resolve("restored-" + System.nanoTime() + ".db"));
    }

    private static long count(Database db, String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aFaithfulChainIsRestoredWithTheSameTextsAndHashesAndProgressAfterEveryPage() throws Exception {
        Database db = empty();
        List<Long> progress = new ArrayList<>();
        var done = ChainRestore.restore(db, pages(chain, 20, chain.get(19).hash()), (n, total) -> progress.add(n));
        assertEquals(new ChainRestore.Restored(20, chain.get(19).hash()), done);
        assertEquals(List.of(7L, 14L, 20L), progress);
        try (Connection c = db.connect()) {
            assertEquals(chain, LedgerChain.after(c, 0, 100));
        }
    }

    @Test
    void aRewrittenEntryIsRefusedNamingItAndNothingIsWritten() throws Exception {
        List<ChainedEntry> forged = new ArrayList<>(chain);
        ChainedEntry e = chain.get(11);
        forged.set(11, new ChainedEntry(12, e.entry().replace("\"qty\":1", "\"qty\":9"), e.hash()));
        Database db = empty();
        var refused = assertThrows(ChainRestore.Refused.class,
                () -> ChainRestore.restore(db, pages(forged, 20, chain.get(19).hash()), (n, t) -> { }));
        assertTrue(refused.getMessage().contains("entry 12 does not chain"), refused.getMessage());
        assertEquals(0, count(db, "ledger_chain"));
        assertEquals(0, count(db, "shelf_event"));
    }

    @Test
    void aRegionThatStopsBeforeTheHeadItNamesIsRefused() throws Exception {
        Database db = empty();
        List<ChainedEntry> shortChain = chain.subList(0, 15);
        var refused = assertThrows(ChainRestore.Refused.class,
                () -> ChainRestore.restore(db, pages(shortChain, 20, chain.get(19).hash()), (n, t) -> { }));
        assertTrue(refused.getMessage().contains("sent them only through 15"), refused.getMessage());
        assertEquals(0, count(db, "shelf_event"));
    }

    @Test
    void anEntryWithAColumnTheTableLacksIsRefusedEvenWhenItsHashFollows() throws Exception {
        String text = chain.get(0).entry().replace("\"detail\":", "\"remark\":");
        ChainedEntry odd = new ChainedEntry(1, text, ChainHash.next(ChainHash.GENESIS, text));
        Database db = empty();
        var refused = assertThrows(ChainRestore.Refused.class,
                () -> ChainRestore.restore(db, pages(List.of(odd), 1, odd.hash()), (n, t) -> { }));
        assertTrue(refused.getMessage().contains("has remark where shelf_event's column detail belongs"),
                refused.getMessage());
        assertEquals(0, count(db, "shelf_event"));
    }

    /**
     * A center whose ledger was chained before {@code unseen} and the certified flag existed holds
     * entries without them (they keep the text they were hashed with): they restore, as NULL.
     */
    @Test
    void entriesChainedBeforeTheLaterColumnsExistedRestoreWithThoseColumnsNull() throws Exception {
        List<ChainedEntry> old = new ArrayList<>();
        String hash = ChainHash.GENESIS;
        for (ChainedEntry e : chain) {
            String text = e.entry().replaceAll(",\"(unseen|cert_state|cert_number)\":(null|[0-9]+|\"[^\"]*\")", "");
            hash = ChainHash.next(hash, text);
            old.add(new ChainedEntry(e.seq(), text, hash));
        }
        assertTrue(old.get(1).entry().endsWith("\"received_ms\":" + old.get(1).entry()
                .replaceAll(".*\"received_ms\":([0-9]+)}$", "$1") + "}"), old.get(1).entry());
        Database db = empty();
        assertEquals(new ChainRestore.Restored(20, hash),
                ChainRestore.restore(db, pages(old, 20, hash), (n, t) -> { }));
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM shelf_event WHERE unseen IS NULL AND cert_state IS NULL")) {
            assertEquals(old, LedgerChain.after(c, 0, 100));
            rs.next();
            assertEquals(20, rs.getLong(1));
        }
    }

    @Test
    void aLedgerThatHoldsEntriesIsNotTouched() throws Exception {
        Database db = Database.open("jdbc:sqlite:" + dir.resolve("source.db"));
        var refused = assertThrows(ChainRestore.NotEmpty.class,
                () -> ChainRestore.restore(db, pages(chain, 20, chain.get(19).hash()), (n, t) -> { }));
        assertTrue(refused.getMessage().contains("the ledger is not empty (20 shelf events"), refused.getMessage());
        assertEquals(20, count(db, "ledger_chain"));
    }
}
