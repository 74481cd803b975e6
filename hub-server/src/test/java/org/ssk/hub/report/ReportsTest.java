package org.ssk.hub.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.catalog.Shelf;
import org.ssk.sheets.Sheets;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.ledger.SaleLine;
import org.ssk.hub.ledger.TestDatabases;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;

/**
 * Reports over seeded random sales and lifts: every grouping adds up to the same totals as the
 * entries. On SQLite here; {@link PostgresReportsTest} runs the same on PostgreSQL. The entries are
 * written once for the class: the tests only read them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate FROM = LocalDate.of(2026, 11, 20);
    private static final LocalDate TO = LocalDate.of(2026, 12, 31);

    @TempDir
    static Path dir;
    private Database db;
    private JdbcLedger ledger;
    private Catalog catalog;
    private Reports reports;
    private int lifts;
    private int picks;
    /** Every sale line the test wrote, to compute the expected figures from, never from the code under test. */
    private final List<Written> written = new ArrayList<>();
    private long kiwiBeforeFen;
    private long priceChangeMs;
    private final Map<String, Product> bySku = new HashMap<>();

    private record Written(String orderId, String sku, int qty, long tMs, String shelf) {
    }

    /** The database the reports are tested on. */
    Database openDatabase(Path dir) throws Exception {
        return TestDatabases.sqlite(dir);
    }

    /** Removes what {@link #openDatabase} created, after the ledger is closed. */
    void dropDatabase(Database db) throws Exception {
    }

    @BeforeAll
    void generate() throws Exception {
        db = openDatabase(dir);
        catalog = new Catalog(db);
        long start = FROM.atStartOfDay(ZONE).toInstant().toEpochMilli();
        SampleCatalog.load(catalog, start - 1);
        ledger = new JdbcLedger(db, Clock.systemUTC());
        reports = new Reports(catalog, ledger, ZONE);
        Product kiwi = catalog.product("ly-kiwi-1000").orElseThrow();
        kiwiBeforeFen = fen(kiwi.priceYuan());
        priceChangeMs = start + 20L * 86_400_000;
        catalog.products().forEach(p -> bySku.put(p.sku(), p));
        catalog.saveProducts(List.of(new Product(kiwi.sku(), kiwi.nameZh(), kiwi.nameEn(), new BigDecimal("44.90"),
                kiwi.unit(), kiwi.spec(), kiwi.introZh(), kiwi.introEn(), kiwi.storyZh(), kiwi.storyEn(), kiwi.origin(),
                kiwi.producer(), kiwi.season(), kiwi.outputScale(), kiwi.annualOutput(), kiwi.marketPrice(),
                kiwi.certification(), kiwi.trace(), kiwi.color(), null, null)), start + 20L * 86_400_000);
        List<Product> products = catalog.products();
        List<Shelf> shelves = catalog.shelves();
        Random rnd = new Random(42);
        long span = TO.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli() - start;
        for (int i = 0; i < 300; i++) {
            long t = start + (long) (rnd.nextDouble() * span);
            boolean online = rnd.nextInt(4) == 0;
            Shelf shelf = shelves.get(rnd.nextInt(shelves.size()));
            Shelf.Lane lane = shelf.lanes().get(rnd.nextInt(shelf.lanes().size()));
            String sku = online ? products.get(rnd.nextInt(products.size())).sku() : lane.sku();
            int qty = rnd.nextInt(10) == 0 ? -1 : 1 + rnd.nextInt(3);
            sell("O-" + i, online ? "online" : "pos", t, sku, qty, online ? null : shelf.id(),
                    qty < 0 ? "O-" + (i - 1) : null);
            if (!online) {
                for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
                    ledger.append(new Lift(shelf.id(), "g1", ++lifts, t - 1_000 - k, lane.lane(), lane.sku(), 300));
                }
                ledger.append(new Pick(shelf.id(), "g2", i + 1, t - 500, lane.lane(), lane.sku(), 1, 300));
                picks++;
            }
        }
        // Kiwis sold on both sides of the price change, whatever the random draw gave.
        sell("K-before", "online", priceChangeMs - 3 * 86_400_000L, "ly-kiwi-1000", 2, null, null);
        sell("K-after", "online", priceChangeMs + 3 * 86_400_000L, "ly-kiwi-1000", 3, null, null);
    }

    private void sell(String orderId, String channel, long t, String sku, int qty, String shelf, String refersTo)
            throws Exception {
        ledger.recordSale(new Sale(orderId, channel, t, List.of(new Sale.Line(sku, qty, shelf)), refersTo));
        written.add(new Written(orderId, sku, qty, t, shelf));
    }

    private static long fen(BigDecimal yuan) {
        return yuan.movePointRight(2).longValueExact();
    }

    /** The price the test set for a product at a time: the sample catalog's, kiwis 44.90 after the change. */
    private long expectedPriceFen(String sku, long t) {
        if (sku.equals("ly-kiwi-1000")) {
            return t < priceChangeMs ? kiwiBeforeFen : 4490;
        }
        return fen(bySku.get(sku).priceYuan());
    }

    @AfterAll
    void close() throws Exception {
        ledger.close();
        dropDatabase(db);
    }

    @Test
    void everyReportAddsUpToTheTotalsOfTheEntries() throws Exception {
        long units = written.stream().mapToLong(Written::qty).sum();
        long amount = written.stream().mapToLong(w -> w.qty() * expectedPriceFen(w.sku(), w.tMs())).sum();
        Map<String, Integer> households = new HashMap<>();
        for (Written w : written) {
            Product p = bySku.get(w.sku());
            if (w.qty() > 0) {
                households.put(p.producer().id(), p.producer().households());
            }
        }
        int driven = households.values().stream().mapToInt(Integer::intValue).sum();
        for (Reports.Dimension dim : Reports.Dimension.values()) {
            Reports.Report r = reports.report(dim, FROM, TO);
            assertEquals(units, r.total().units(), dim + " total units");
            assertEquals(amount, r.total().amountFen(), dim + " total amount");
            assertEquals(lifts, r.total().pickups(), dim + " total pickups");
            assertEquals(driven, r.total().households(), dim + " households");
            assertEquals(units, r.rows().stream().mapToLong(Reports.Row::units).sum(), dim + " rows' units");
            assertEquals(amount, r.rows().stream().mapToLong(Reports.Row::amountFen).sum(), dim + " rows' amount");
            assertEquals(lifts, r.rows().stream().mapToLong(Reports.Row::pickups).sum(), dim + " rows' pickups");
        }
        assertEquals(3, reports.report(Reports.Dimension.COUNTY, FROM, TO).rows().size());
        // Certified, not certified, and expired: one sample certificate ends on 2026-12-15, inside the period.
        assertEquals(List.of("certified", "expired", "not_certified"), reports.report(Reports.Dimension.CERTIFICATION,
                FROM, TO).rows().stream().map(Reports.Row::key).toList());
        List<Reports.UpwardLine> upward = reports.upward(FROM, TO);
        assertEquals(units, upward.stream().mapToLong(Reports.UpwardLine::quantity).sum());
        assertEquals(amount, upward.stream().mapToLong(Reports.UpwardLine::amountFen).sum());
    }

    @Test
    void salesAreValuedAtThePriceOfTheirDayAcrossAPriceChange() throws Exception {
        Map<String, SaleLine> stored = new HashMap<>();
        ledger.sales(0, Long.MAX_VALUE).forEach(l -> stored.put(l.orderId(), l));
        int before = 0;
        int after = 0;
        for (Written w : written) {
            if (!w.sku().equals("ly-kiwi-1000")) {
                continue;
            }
            long price = w.tMs() < priceChangeMs ? 4990 : 4490;
            SaleLine line = stored.get(w.orderId());
            assertEquals(price, line.priceFen(), "kiwi at " + w.tMs());
            assertEquals(price * w.qty(), line.amountFen(), "kiwi at " + w.tMs());
            if (w.tMs() < priceChangeMs) {
                before++;
            } else {
                after++;
            }
        }
        assertTrue(before > 0 && after > 0, "kiwis sold before (" + before + ") and after (" + after + ") the change");
    }

    @Test
    void theUpwardReportFilesCarryEveryProductWithItsCertificateAndTheTotal() throws Exception {
        List<Reports.UpwardLine> upward = reports.upward(FROM, TO);
        List<List<Object>> rows = Reports.upwardRows(upward);
        List<List<String>> csv = Sheets.fromCsv(Sheets.toCsv(rows));
        List<List<String>> xlsx = Sheets.fromXlsx(new ByteArrayInputStream(Sheets.toXlsx("upward", rows)));
        assertEquals(upward.size() + 2, csv.size());
        assertEquals(csv.size(), xlsx.size());
        List<String> honey = csv.stream().filter(r -> r.get(1).equals("ly-honey-500")).findFirst().orElseThrow();
        assertEquals(List.of("乐业天坑野蜂蜜", "ly-honey-500", "GX-LY-2026-0118", "乐业县同乐镇天坑野蜂蜜养殖专业合作社", "乐业县"),
                honey.subList(0, 5));
        long amount = upward.stream().mapToLong(Reports.UpwardLine::amountFen).sum();
        assertEquals(BigDecimal.valueOf(amount, 2), new BigDecimal(csv.get(csv.size() - 1).get(6)));
        assertEquals(0, BigDecimal.valueOf(amount, 2).compareTo(new BigDecimal(xlsx.get(xlsx.size() - 1).get(6))));
        List<String> noCert = new ArrayList<>();
        upward.stream().filter(l -> l.certNumber().isEmpty()).forEach(l -> noCert.add(l.sku()));
        assertTrue(noCert.contains("dy-wine-500"), noCert.toString());
    }

    @Test
    void everyPickNotPutBackDepartsAndIsMatchedWithTheShelfSalesOfItsProduct() throws Exception {
        var matches = reports.departures(FROM, TO, Reports.DEFAULT_RETURN_WINDOW_MS, Long.MAX_VALUE / 2);
        assertEquals(picks, matches.stream().mapToLong(org.ssk.hub.ledger.Departures.Match::departed).sum());
        long shelfSold = written.stream().filter(w -> w.shelf() != null).mapToLong(Written::qty).sum();
        assertEquals(shelfSold, matches.stream().mapToLong(org.ssk.hub.ledger.Departures.Match::sold).sum());
        for (var m : matches) {
            assertEquals(m.departed(), m.matched() + m.unsold(), m.sku());
        }
    }
}
