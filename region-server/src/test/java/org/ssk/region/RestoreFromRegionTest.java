package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.ledger.StockEntry;
import org.ssk.hub.region.RegionUploader;
import org.ssk.hub.region.RestoreFromRegionCommand;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;
import org.ssk.region.store.RegionStore;
import picocli.CommandLine;

/**
 * {@code hub-server restore-from-region} end to end, on a SQLite and on a PostgreSQL hub store: a
 * real hub ledger uploads its entries through its real uploader to a real region server (private
 * PostgreSQL), the hub's database is deleted, the command rebuilds it from the region, every
 * ledger row compares equal, a second restore is refused, and a new entry continues the chain and
 * is accepted by the region.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Order(2)
class RestoreFromRegionTest {
    /** More than two region pages (5,000 each), so the restore pages and prints progress. */
    private static final int EVENT_PAIRS = 5_600;

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

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCenterWhoseDiskDiedRestoresItsLedgerFromTheRegionAndContinuesItsChain(String store) throws Exception {
        String center = "restore-" + store;
        String url = store.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("hub.db") : region.postgres().newDatabase();
        String secret = region.register(center);

        Database db = Database.open(url);
        SampleCatalog.load(new Catalog(db), 1_000);
        JdbcLedger ledger = new JdbcLedger(db, Clock.systemUTC());
        fill(ledger, center);
        var head = ledger.chainHead();
        uploadAll(ledger, center, secret, head.seq());
        Map<String, List<List<Object>>> before = rows(db);
        ledger.close();

        deleteTheHubsData(store, url);

        Map<String, String> env = new HashMap<>(Map.of("SSK_CENTER_ID", center, "SSK_REGION_URL", region.base,
                "SSK_REGION_SECRET", secret, "SSK_DATA_DIR", dir.toString()));
        if (store.equals("postgresql")) {
            env.put("SSK_DB_URL", url);
        }
        Run restored = restoreFromRegion(env);
        assertEquals(0, restored.status(), restored.out() + restored.err());
        assertTrue(restored.out().contains("of " + String.format("%,d", head.seq()) + " entries (100%)"), restored.out());
        assertTrue(restored.out().contains("The next entry continues at " + (head.seq() + 1)), restored.out());

        Database back = Database.open(url);
        Map<String, List<List<Object>>> after = rows(back);
        for (String table : before.keySet()) {
            assertEquals(before.get(table).size(), after.get(table).size(), table);
            for (int i = 0; i < before.get(table).size(); i++) {
                assertEquals(before.get(table).get(i), after.get(table).get(i), table + " row " + (i + 1));
            }
        }

        Run again = restoreFromRegion(env);
        assertEquals(1, again.status(), again.out() + again.err());
        assertTrue(again.err().contains("the ledger is not empty"), again.err());
        assertEquals(after, rows(back), "a refused restore changes nothing");

        SampleCatalog.load(new Catalog(back), 1_000);
        JdbcLedger continued = new JdbcLedger(back, Clock.systemUTC());
        try {
            assertTrue(continued.append(new Pick("S2", "restored", 1, 9_000_000L, "2", null, 1, 480.5)));
            var next = continued.chainHead();
            assertEquals(head.seq() + 1, next.seq());
            uploadAll(continued, center, secret, next.seq());
            assertEquals(new RegionStore.Totals(next.seq(), next.seq(), next.hash()), region.store.totals(center));
            assertEquals(List.of(), region.store.alerts(center), "the region saw no broken chain");
        } finally {
            continued.close();
        }
    }

    /** Restocks and picks with fractional grams, sales, and stock entries with escapes, nulls and Chinese. */
    private static void fill(JdbcLedger ledger, String center) throws Exception {
        List<ShelfEvent> batch = new ArrayList<>();
        for (int i = 1; i <= EVENT_PAIRS; i++) {
            String lane = String.valueOf(1 + i % 5);
            batch.add(new Restock("S1", "e1", i * 2L - 1, 1_000L * i, lane, "dy-rice-2500", 1, 2_500.25));
            batch.add(new Pick("S1", "e1", i * 2L, 1_000L * i + 500, lane, "dy-rice-2500", 1, 2_497.3));
            if (batch.size() >= 400) {
                ledger.appendAll(batch);
                batch.clear();
            }
            if (i % 60 == 0) {
                ledger.recordSale(new Sale(center + "-" + i, "pos", 1_000L * i, List.of(
                        new Sale.Line("dy-rice-2500", 1, "S1"), new Sale.Line("dy-rice-2500", 2, null)), null));
            }
            if (i % 250 == 0) {
                ledger.recordStockEntry(StockEntry.correction("c-" + i, "S1", lane, null, 1_000L * i, -1, "e1/" + i,
                        "破损 \"一袋\"\\n\tline 2\n", "admin"));
                ledger.recordStockEntry(StockEntry.stockTake("t-" + i, "S1", lane, "dy-rice-2500", 1_000L * i, 7,
                        null));
            }
        }
        ledger.appendAll(batch);
    }

    private static void uploadAll(JdbcLedger ledger, String center, String secret, long through) {
        RegionUploader uploader = region.uploader(center, secret, ledger.chainSource());
        await().atMost(Duration.ofSeconds(180)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    uploader.step(System.currentTimeMillis());
                    return region.store.totals(center).highestSeq() >= through;
                });
    }

    private static void deleteTheHubsData(String store, String url) throws Exception {
        if (store.equals("sqlite")) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()));
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            return;
        }
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection c = DriverManager.getConnection(region.postgres().url("postgres")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
    }

    /** Every row of the ledger's tables and its chain, all columns, in order. */
    private static Map<String, List<List<Object>>> rows(Database db) throws Exception {
        Map<String, List<List<Object>>> out = new HashMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String table : List.of("shelf_event", "sale_line", "stock_entry", "ledger_chain")) {
                List<List<Object>> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY "
                        + (table.equals("ledger_chain") ? "seq" : "pos"))) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.add(rs.getObject(i));
                        }
                        rows.add(row);
                    }
                }
                out.put(table, rows);
            }
        }
        return out;
    }

    private record Run(int status, String out, String err) {
    }

    /** The hub's real command line, its restore command given this environment. */
    private static Run restoreFromRegion(Map<String, String> env) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RestoreFromRegionCommand.class ? cls.cast(new RestoreFromRegionCommand(env))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cl = org.ssk.hub.Main.commandLine(factory);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute("restore-from-region");
        return new Run(status, out.toString(), err.toString());
    }
}
