package org.ssk.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ssk.sheets.Sheets;

/**
 * The region console's API on a private PostgreSQL, after two centers uploaded their sale lines
 * and reported their status ({@link ConsoleFixture}): centers with lag, reports across centers
 * equal to the test's own sums of what it uploaded, the upward report as CSV and XLSX, the
 * drill-down's pages, and what a region-viewer may not do.
 */
@Timeout(300)
class RegionConsoleTest {
    static PrivatePostgres pg;
    static RegionHarness region;
    static final ConsoleFixture fixture = new ConsoleFixture();
    static ConsoleSession admin;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
        region = new RegionHarness(pg.newDatabase(), ConsoleFixture.ADMIN_TOKEN);
        region.store.accounts(4).createFirstAdmin(ConsoleFixture.ADMIN, ConsoleFixture.ADMIN_PASSWORD.toCharArray());
        fixture.load(region);
        admin = ConsoleSession.signIn(region, ConsoleFixture.ADMIN, ConsoleFixture.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (region != null) {
            region.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void centersShowTheirLagOfflineShelvesAndOpenAlertsFromTheirStatus() throws Exception {
        HttpResponse<String> r = admin.get("/api/v1/console/centers");
        assertEquals(200, r.statusCode(), r.body());
        JsonArray centers = new JsonArray(r.body());
        assertEquals(2, centers.size());
        JsonObject c1 = centers.getJsonObject(0);
        assertEquals("c1", c1.getString("center"));
        assertEquals(fixture.of("c1").size(), c1.getLong("stored_through"));
        assertEquals(ConsoleFixture.C1_HEAD, c1.getLong("head_seq"));
        assertEquals(ConsoleFixture.C1_HEAD - fixture.of("c1").size(), c1.getLong("lag_entries"));
        assertTrue(c1.getLong("lag_seconds") >= 0);
        assertEquals(1, c1.getInteger("offline_shelves"));
        assertEquals(2, c1.getInteger("open_alerts"));
        assertTrue(c1.getLong("last_upload_ms") > 0);
        JsonObject c2 = centers.getJsonObject(1);
        assertEquals(0, c2.getLong("lag_entries"));
        assertEquals(0, c2.getLong("lag_seconds"));
    }

    @Test
    void aStatusIsRefusedWithoutTheCentersSecretOrWithBadNumbers() throws Exception {
        String secret = fixture.secrets.get("c2");
        fixture.secrets.put("c2", fixture.secrets.get("c1"));
        try {
            assertEquals(403, fixture.status(region, "c2", 1, 0, 0).statusCode(), "c1's secret under c2's id");
        } finally {
            fixture.secrets.put("c2", secret);
        }
        assertEquals(400, fixture.status(region, "c2", -1, 0, 0).statusCode());
    }

    @Test
    void reportsByEveryDimensionEqualTheSumsOfTheUploadedSales() throws Exception {
        Map<String, Function<ConsoleFixture.Sale, String>> dims = Map.of(
                "center", ConsoleFixture.Sale::center,
                "county", s -> s.county() == null ? "(未认定 uncertified)" : s.county(),
                "producer", s -> s.producer() == null ? "(未认定 uncertified)" : s.producer(),
                "certification", s -> s.certified() ? "certified" : "uncertified",
                "day", s -> s.day().toString(),
                "week", s -> s.day().get(IsoFields.WEEK_BASED_YEAR) + "-W"
                        + String.format("%02d", s.day().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                "month", s -> s.day().toString().substring(0, 7));
        for (var d : dims.entrySet()) {
            HttpResponse<String> r = admin.get("/api/v1/console/reports/" + d.getKey() + "?from=2026-11-01&to=2026-12-31");
            assertEquals(200, r.statusCode(), r.body());
            JsonObject body = new JsonObject(r.body());
            Map<String, List<ConsoleFixture.Sale>> expected = fixture.sales.stream()
                    .collect(Collectors.groupingBy(d.getValue()));
            JsonArray rows = body.getJsonArray("rows");
            assertEquals(expected.keySet(), rows.stream().map(o -> ((JsonObject) o).getString("key"))
                    .collect(Collectors.toSet()), d.getKey());
            for (Object o : rows) {
                JsonObject row = (JsonObject) o;
                List<ConsoleFixture.Sale> group = expected.get(row.getString("key"));
                assertEquals(group.stream().mapToLong(ConsoleFixture.Sale::qty).sum(), row.getLong("units"),
                        d.getKey() + " " + row);
                assertEquals(group.stream().mapToLong(ConsoleFixture.Sale::amountFen).sum(), row.getLong("amount_fen"),
                        d.getKey() + " " + row);
                assertEquals(households(group), row.getLong("households"), d.getKey() + " " + row);
            }
            JsonObject total = body.getJsonObject("total");
            assertEquals(fixture.sales.stream().mapToLong(ConsoleFixture.Sale::amountFen).sum(), total.getLong("amount_fen"));
            assertEquals(households(fixture.sales), total.getLong("households"));
        }
        HttpResponse<String> december = admin.get("/api/v1/console/reports/center?from=2026-12-01&to=2026-12-01");
        long decemberUnits = fixture.sales.stream().filter(s -> s.day().equals(ConsoleFixture.D3))
                .mapToLong(ConsoleFixture.Sale::qty).sum();
        assertEquals(decemberUnits, new JsonObject(december.body()).getJsonObject("total").getLong("units"));
        assertEquals(400, admin.get("/api/v1/console/reports/shoe-size").statusCode());
        assertEquals(400, admin.get("/api/v1/console/reports/day?from=2026-13-01").statusCode());
    }

    /** Households of the distinct producers whose products sold certified in the group. */
    private static long households(List<ConsoleFixture.Sale> group) {
        return group.stream().filter(ConsoleFixture.Sale::certified)
                .collect(Collectors.toMap(ConsoleFixture.Sale::producer, ConsoleFixture.Sale::households, Math::max))
                .values().stream().mapToLong(Integer::longValue).sum();
    }

    @Test
    void theUpwardReportDownloadsAsCsvAndXlsxWithFormulasNeutralised() throws Exception {
        HttpResponse<byte[]> csv = admin.bytes("/api/v1/console/upward.csv?from=2026-11-01&to=2026-12-31");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-disposition").orElse("").contains("attachment"));
        List<List<String>> rows = Sheets.fromCsv(csv.body());
        List<String> total = rows.get(rows.size() - 1);
        assertEquals(String.valueOf(fixture.sales.stream().mapToLong(ConsoleFixture.Sale::qty).sum()), total.get(7));
        assertEquals(BigDecimal.valueOf(fixture.sales.stream().mapToLong(ConsoleFixture.Sale::amountFen).sum(), 2)
                .toPlainString(), total.get(8));
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("'=1+1 都匀毛尖"), "a product name starting with = is written as text: " + text);
        // One row per center, SKU and certified or not, plus header and total.
        long groups = fixture.sales.stream().map(s -> s.center() + s.sku() + s.certified()).distinct().count();
        assertEquals(groups + 2, rows.size());

        HttpResponse<byte[]> xlsx = admin.bytes("/api/v1/console/upward.xlsx?from=2026-11-01&to=2026-12-31");
        assertEquals(200, xlsx.statusCode());
        List<List<String>> sheet = Sheets.fromXlsx(xlsx.body());
        assertEquals(groups + 2, sheet.size());
        assertTrue(sheet.stream().anyMatch(r -> r.contains("'=1+1 都匀毛尖")));
    }

    @Test
    void theDrillDownPagesThroughOneCentersEntriesNewestFirst() throws Exception {
        int n = fixture.of("c1").size();
        JsonObject first = new JsonObject(admin.get("/api/v1/console/centers/c1/entries?limit=3").body());
        assertEquals(n, first.getLong("total"));
        JsonArray entries = first.getJsonArray("entries");
        assertEquals(List.of((long) n, (long) n - 1, (long) n - 2),
                entries.stream().map(o -> ((JsonObject) o).getLong("seq")).toList());
        assertEquals(fixture.chain("c1").get(n - 1).entry(), entries.getJsonObject(0).getString("entry"));
        assertEquals(fixture.of("c1").get(n - 1).sku(), entries.getJsonObject(0).getString("sku"));
        JsonObject second = new JsonObject(admin.get("/api/v1/console/centers/c1/entries?limit=3&before="
                + first.getLong("next_before")).body());
        assertEquals(n - 3, second.getJsonArray("entries").size());
        assertNull(second.getLong("next_before"));
        assertEquals(404, admin.get("/api/v1/console/centers/nobody/entries").statusCode());
        assertEquals(400, admin.get("/api/v1/console/centers/c1/entries?limit=0").statusCode());
    }

    @Test
    void aViewerReadsEverythingButCannotImportOrManageAccounts() throws Exception {
        HttpResponse<String> created = admin.post("/api/v1/users", new JsonObject().put("username", "clerk")
                .put("role", "region-viewer").put("password", "viewer-password-1"));
        assertEquals(201, created.statusCode(), created.body());
        ConsoleSession viewer = ConsoleSession.signIn(region, "clerk", "viewer-password-1");
        assertEquals("region-viewer", viewer.role());
        assertEquals(200, viewer.get("/api/v1/console/centers").statusCode());
        assertEquals(200, viewer.get("/api/v1/console/reports/county").statusCode());
        assertEquals(200, viewer.bytes("/api/v1/console/upward.csv").statusCode());
        assertEquals(403, viewer.get("/api/v1/users").statusCode());
        assertEquals(403, viewer.post("/api/v1/users", new JsonObject().put("username", "x2").put("role", "region-admin")
                .put("password", "some-password-1")).statusCode());
        HttpResponse<String> imported = viewer.send("POST", "/api/v1/certified/import", "text/csv",
                ConsoleFixture.CERTIFICATES, viewer.csrf());
        assertEquals(403, imported.statusCode(), imported.body());
        assertEquals(403, viewer.get("/api/v1/reports/expired-cert-sales?from=2026-11-01&to=2026-11-30").statusCode());
    }

    @Test
    void anAdminSessionImportsTheCertifiedListAsTheAdminTokenDoes() throws Exception {
        HttpResponse<String> r = admin.send("POST", "/api/v1/certified/import", "text/csv", ConsoleFixture.CERTIFICATES,
                admin.csrf());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, new JsonObject(r.body()).getInteger("unchanged"));
        assertEquals(403, admin.send("POST", "/api/v1/certified/import", "text/csv", ConsoleFixture.CERTIFICATES, null)
                .statusCode(), "without the CSRF token");
    }
}
