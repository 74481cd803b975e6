package org.ssk.region;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.RegionCertificates;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.region.CertifiedFetcher;
import org.ssk.hub.region.HttpRegionClient;
import org.ssk.hub.region.RegionClient;
import org.ssk.hub.region.RegionLink;
import org.ssk.hub.region.RegionUploader;
import org.ssk.hub.report.Reports;
import org.ssk.protocol.region.CertifiedList;
import org.ssk.protocol.region.UploadAnswer;
import org.ssk.protocol.region.UploadBatch;
import org.ssk.region.store.CertifiedStore;

/**
 * The downward flow end to end with real parts: a region server on a private PostgreSQL whose
 * admin imports the certified list; a real hub catalog and ledger (SQLite) whose fetcher, through
 * the hub's HTTP region client, stores it and marks its products certified, expired or
 * uncertified, asks again with its version (304), and flags a sale made after a certificate had
 * expired in the center's upward report and, once uploaded, in the region's report.
 */
@Timeout(300)
class HubFetchesCertifiedListTest {
    static final String ADMIN = "region-admin-token-for-tests-0123456789";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static PrivatePostgres pg;
    /** A region of its own for each test: the list's versions count from 0 in each. */
    RegionHarness region;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
    }

    @org.junit.jupiter.api.BeforeEach
    void startRegion() throws Exception {
        region = new RegionHarness(pg.newDatabase(), ADMIN);
    }

    @org.junit.jupiter.api.AfterEach
    void stopRegion() {
        if (region != null) {
            region.close();
        }
    }

    /** The hub's region client, noting what each certified-list fetch sent and got (true: a list, false: 304). */
    static final class Watched implements RegionClient {
        final RegionClient inner;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<Boolean> gotList = new CopyOnWriteArrayList<>();

        Watched(RegionClient inner) {
            this.inner = inner;
        }

        @Override
        public UploadAnswer head(String center) throws Unavailable, Refused {
            return inner.head(center);
        }

        @Override
        public UploadAnswer upload(UploadBatch batch) throws Unavailable, Refused {
            return inner.upload(batch);
        }

        @Override
        public Optional<CertifiedList> certified(String ifNoneMatch) throws Unavailable, Refused {
            Optional<CertifiedList> got = inner.certified(ifNoneMatch);
            sent.add(String.valueOf(ifNoneMatch));
            gotList.add(got.isPresent());
            return got;
        }
    }

    /** A hub: its database with the sample catalog, and three SKUs the sample certifies. */
    record Hub(Database db, Catalog catalog, List<String> skus) {
        Product product(String sku) throws Exception {
            return catalog.product(sku).orElseThrow();
        }
    }

    Hub hub(String name) throws Exception {
        Database db = Database.open("jdbc:sqlite:" + dir.resolve(name + ".db"));
        Catalog catalog = new Catalog(db);
        SampleCatalog.load(catalog, System.currentTimeMillis() - 60_000);
        List<String> skus = catalog.products().stream().filter(p -> p.certification() != null).map(Product::sku)
                .limit(3).toList();
        return new Hub(db, catalog, skus);
    }

    static String row(String number, String sku, LocalDate from, LocalDate until) {
        return number + ",产品 " + sku + "," + sku + ",某某专业合作社,东源县,25," + from + "," + until + "\n";
    }

    void importCsv(String body) throws Exception {
        HttpResponse<String> r = region.send("/api/v1/certified/import?replace=true", ADMIN, HttpRequest.newBuilder()
                .header("content-type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("number,product,sku,producer,county,households,"
                        + "valid_from,valid_until\n" + body, StandardCharsets.UTF_8)));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void aHubFetchesTheListMarksItsCatalogAndThenAsksWithItsVersion() throws Exception {
        Hub hub = hub("marks");
        LocalDate today = LocalDate.now(ZONE);
        String valid = hub.skus().get(0);
        String expired = hub.skus().get(1);
        String absent = hub.skus().get(2);
        importCsv(row("GD-M-0001", valid, today.minusDays(30), today.plusDays(300))
                + row("GD-M-0002", expired, today.minusDays(400), today.minusDays(1)));
        String secret = region.store.addCenter("marks", "center marks", System.currentTimeMillis());
        Watched client = new Watched(new HttpRegionClient(region.base, secret));
        CertifiedFetcher fetcher = new CertifiedFetcher(client, new RegionCertificates(hub.db()), ZONE, 60_000);

        CertifiedFetcher.Result first = fetcher.step(System.currentTimeMillis());
        assertEquals(60_000, first.waitMs());
        assertTrue(first.changed() >= 3, "three products re-marked, was " + first.changed());
        assertEquals("GD-M-0001", hub.product(valid).certification().number());
        assertEquals(Product.CertState.CERTIFIED, hub.product(valid).certState(today));
        assertEquals(today.minusDays(30), hub.product(valid).certification().validFrom());
        assertEquals("GD-M-0002", hub.product(expired).certification().number());
        assertEquals(Product.CertState.EXPIRED, hub.product(expired).certState(today));
        assertNull(hub.product(absent).certification(), "a product the region does not list is not certified");
        assertEquals(Product.CertState.UNCERTIFIED, hub.product(absent).certState(today));

        CertifiedFetcher.Result again = fetcher.step(System.currentTimeMillis());
        assertEquals(0, again.changed());
        assertEquals(List.of("null", CertifiedList.etag(1)), client.sent);
        assertEquals(List.of(true, false), client.gotList, "the second fetch is answered 304");

        importCsv(row("GD-M-0001", valid, today.minusDays(30), today.plusDays(300))
                + row("GD-M-0003", expired, today, today.plusDays(365)));
        assertEquals(1, fetcher.step(System.currentTimeMillis()).changed());
        assertEquals("GD-M-0003", hub.product(expired).certification().number());
        assertEquals(Product.CertState.CERTIFIED, hub.product(expired).certState(today));
        assertEquals(2, fetcher.status().version());
        assertNull(fetcher.status().lastError());
    }

    @Test
    void whileTheRegionIsAwayTheFetcherBacksOffAndTheCatalogKeepsItsMarks() throws Exception {
        Hub hub = hub("away");
        Product before = hub.product(hub.skus().get(0));
        CertifiedFetcher fetcher = new CertifiedFetcher(new HttpRegionClient("http://127.0.0.1:1",
                "x".repeat(RegionLink.MIN_SECRET_CHARS)), new RegionCertificates(hub.db()), ZONE, 60_000);
        assertEquals(1_000, fetcher.step(System.currentTimeMillis()).waitMs());
        assertEquals(2_000, fetcher.step(System.currentTimeMillis()).waitMs());
        assertEquals(4_000, fetcher.step(System.currentTimeMillis()).waitMs());
        assertNotNull(fetcher.status().lastError());
        assertEquals(before, hub.product(hub.skus().get(0)), "nothing fetched, nothing changed");
    }

    @Test
    void aSaleAfterItsCertificateExpiredIsFlaggedInTheUpwardReportAndAtTheRegion() throws Exception {
        Hub hub = hub("sales");
        LocalDate today = LocalDate.now(ZONE);
        String valid = hub.skus().get(0);
        String expired = hub.skus().get(1);
        importCsv(row("GD-S-0001", valid, today.minusDays(30), today.plusDays(300))
                + row("GD-S-0002", expired, today.minusDays(400), today.minusDays(1)));
        String secret = region.store.addCenter("sales", "center sales", System.currentTimeMillis());
        HttpRegionClient client = new HttpRegionClient(region.base, secret);
        new CertifiedFetcher(client, new RegionCertificates(hub.db()), ZONE, 60_000).step(System.currentTimeMillis());

        JdbcLedger ledger = new JdbcLedger(hub.db(), Clock.systemUTC(), ZONE);
        try {
            long now = System.currentTimeMillis();
            ledger.recordSale(new Sale("o-1", "pos", now, List.of(new Sale.Line(expired, 2, null),
                    new Sale.Line(valid, 1, null)), null));
            ledger.append(new org.ssk.protocol.Pick("S1", "e1", 1, now, "1", expired, 1, 500));
            ledger.append(new org.ssk.protocol.Pick("S1", "e1", 2, now, "2", valid, 1, 500));
            List<String> chained = ledger.chainAfter(0, 10).stream().map(e -> e.entry()).toList();
            assertTrue(chained.stream().anyMatch(e -> e.contains("\"type\":\"pick\"") && e.contains(expired)
                    && e.endsWith("\"cert_state\":\"expired\",\"cert_number\":\"GD-S-0002\"}")), chained.toString());
            assertTrue(chained.stream().anyMatch(e -> e.contains("\"type\":\"pick\"") && e.contains(valid)
                    && e.endsWith("\"cert_state\":\"certified\",\"cert_number\":\"GD-S-0001\"}")), chained.toString());
            List<Reports.UpwardLine> upward = new Reports(hub.catalog(), ledger, ZONE).upward(today, today);
            assertEquals(2, upward.stream().filter(l -> l.sku().equals(expired)).findFirst().orElseThrow()
                    .expiredCertQuantity());
            assertEquals(0, upward.stream().filter(l -> l.sku().equals(valid)).findFirst().orElseThrow()
                    .expiredCertQuantity());
            List<List<Object>> rows = Reports.upwardRows(upward);
            assertTrue(rows.stream().anyMatch(r -> r.get(1).equals(expired)
                    && r.get(8).toString().contains("certificate expired")), rows.toString());

            RegionUploader uploader = region.uploader("sales", secret, ledger.chainSource());
            long head = ledger.chainHead().seq();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                uploader.step(System.currentTimeMillis());
                return region.store.totals("sales").highestSeq() == head;
            });
            List<CertifiedStore.ExpiredCertSale> flagged = region.store.certified()
                    .expiredCertSales(now - 60_000, now + 60_000).stream().filter(s -> s.center().equals("sales"))
                    .toList();
            assertEquals(1, flagged.size(), flagged.toString());
            assertEquals(expired, flagged.get(0).sku());
            assertEquals("GD-S-0002", flagged.get(0).certNumber());
            assertEquals(2, flagged.get(0).qty());
            // The region's reports count days in its own zone (Asia/Shanghai here): from 16:00 UTC
            // on, the UTC date is the day before the region's.
            String day = java.time.Instant.ofEpochMilli(now).atZone(region.store.zone()).toLocalDate().toString();
            HttpResponse<String> report = region.send("/api/v1/reports/expired-cert-sales?from=" + day + "&to=" + day,
                    ADMIN, HttpRequest.newBuilder().GET());
            assertEquals(200, report.statusCode(), report.body());
            JsonArray sales = new JsonObject(report.body()).getJsonArray("sales");
            assertTrue(sales.stream().map(JsonObject.class::cast).anyMatch(s -> s.getString("center").equals("sales")
                    && s.getString("sku").equals(expired) && s.getLong("qty") == 2), sales.encode());
        } finally {
            ledger.close();
        }
    }
}
