package org.ssk.hub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.catalog.SampleCatalog;

import org.ssk.hub.ledger.Sale;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;

/**
 * The backup and restore steps of {@code hardware-docs/maintenance.md} with the real
 * {@code deploy/hub/ssk-hub-backup} on a real ledger (the hub's schema and sample catalog in a
 * SQLite file): a backup is taken with the hub's own backup command, the ledger then changes, and
 * a restore brings back the backed-up state while keeping the replaced ledger beside it.
 */
@Timeout(180)
class LedgerBackupAndRestoreTest {
    @TempDir
    Path tmp;
    Processes procs;
    Path data;
    Map<String, String> env;

    @BeforeEach
    void aLedgerWithTheSampleCatalog() throws Exception {
        procs = new Processes(tmp.resolve("logs"));
        data = Files.createDirectories(tmp.resolve("data"));
        Path hubEnv = Files.writeString(tmp.resolve("hub.env"), "SSK_DATA_DIR=" + data + "\n");
        env = Map.of("SSK_HUB_ENV", hubEnv.toString(), "SSK_BACKUP_DIR", tmp.resolve("backups").toString(),
                "SSK_HUB_CLI", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                        + System.getProperty("java.class.path") + " org.ssk.hub.Main");
        HubConfig config = HubConfig.load(null, Map.of("SSK_DATA_DIR", data.toString())).validate();
        try (JdbcStorage stores = JdbcStorage.open(config)) {
            SampleCatalog.load(stores.catalog(), System.currentTimeMillis());
            ledgerEvents(stores, 1);
        }
    }

    /** A restock and picks on two lanes and a till sale: rows in every ledger table that holds events. */
    private static void ledgerEvents(JdbcStorage stores, long firstSeq) throws Exception {
        long t = System.currentTimeMillis();
        stores.appender().append(new Restock("S1", "e1", firstSeq, t, "1", "dy-rice-2500", 8, 8 * 2530));
        stores.appender().append(new Pick("S1", "e1", firstSeq + 1, t + 1, "1", "dy-rice-2500", 1, 2530));
        stores.appender().append(new Pick("S1", "e1", firstSeq + 2, t + 2, "1", "dy-rice-2500", 2, 5060));
        stores.ledger().recordSale(new Sale("POS-" + firstSeq, "pos", t + 3,
                List.of(new Sale.Line("dy-rice-2500", 1, "S1")), null));
    }

    @AfterEach
    void stop() {
        procs.close();
    }

    @Test
    void aRestoreBringsBackTheBackedUpLedgerRowByRowAndKeepsTheReplacedOne() throws Exception {
        Map<String, Set<String>> before = LedgerRows.of(data.resolve("hub.db"));
        for (String table : LedgerRows.LEDGER) {
            assertTrue(before.containsKey(table), "the ledger has a table " + table);
        }
        assertFalse(before.get("shelf_event").isEmpty() || before.get("sale_line").isEmpty(),
                "the ledger holds events to back up: " + before);
        Processes.Result backup = backup("backup");
        assertEquals(0, backup.exit(), backup.output());
        Path copy;
        try (Stream<Path> s = Files.list(tmp.resolve("backups"))) {
            copy = s.filter(p -> p.getFileName().toString().matches("hub-\\d{8}-\\d{6}\\.db")).findFirst()
                    .orElseThrow(() -> new AssertionError("no backup: " + backup.output()));
        }
        assertEquals(before, LedgerRows.of(copy), "the backup holds every row of every table");

        HubConfig config = HubConfig.load(null, Map.of("SSK_DATA_DIR", data.toString())).validate();
        try (JdbcStorage stores = JdbcStorage.open(config)) {
            ledgerEvents(stores, 100);
        }
        sql("DELETE FROM price; DELETE FROM lane; DELETE FROM product");
        assertNotEquals(before, LedgerRows.of(data.resolve("hub.db")), "the ledger changed after the backup");

        Processes.Result restore = backup("restore", copy.toString());
        assertEquals(0, restore.exit(), restore.output());
        assertEquals(before, LedgerRows.of(data.resolve("hub.db")), "the restored ledger is the backed-up one");
        try (Stream<Path> s = Files.list(data)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("hub.db.before-restore-")),
                    "the replaced ledger is kept: " + restore.output());
        }
    }

    @Test
    void aDamagedBackupIsNotRestored() throws Exception {
        Path bad = Files.writeString(tmp.resolve("hub-bad.db"), "not a database");
        Map<String, Set<String>> before = LedgerRows.of(data.resolve("hub.db"));
        Processes.Result restore = backup("restore", bad.toString());
        assertEquals(1, restore.exit(), restore.output());
        assertEquals(before, LedgerRows.of(data.resolve("hub.db")));
    }

    private Processes.Result backup(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("sh",
                Installation.checkout().resolve("deploy/hub/ssk-hub-backup").toString()));
        argv.addAll(List.of(args));
        return procs.run(argv, env, tmp, Duration.ofSeconds(90));
    }

    private String sql(String statements) throws Exception {
        Processes.Result r = procs.run(List.of("sqlite3", data.resolve("hub.db").toString(), statements), Map.of(),
                tmp, Duration.ofSeconds(30));
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }
}
