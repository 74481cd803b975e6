package org.ssk.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.Sale;

/** The storage's own routes (images, catalog exports, reports, alerts) on a running hub with the sample catalog. */
class StoreRoutesTest {
    @TempDir
    static Path dir;
    static JdbcStorage stores;
    static Hub hub;
    static String day;

    @BeforeAll
    static void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        long t = System.currentTimeMillis();
        day = java.time.Instant.ofEpochMilli(t).atZone(ZoneId.of("Asia/Shanghai")).toLocalDate().toString();
        stores.ledger().recordSale(new Sale("POS-9", "pos", t, List.of(new Sale.Line("ly-honey-500", 2, "S3")), null));
        hub = Hub.start(config, stores, List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
        stores.accounts().createUser("operator1", org.ssk.hub.auth.Role.OPERATOR, "operator-password".toCharArray());
        TestHttp.authorize(hub.httpPort(), TestHttp.login(hub.httpPort(), "operator1", "operator-password"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        } else if (stores != null) {
            stores.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.get(hub.httpPort(), path);
    }

    @Test
    void aProductImageIsAnSvgWithItsName() throws Exception {
        HttpResponse<String> r = get("/api/v1/products/ly-kiwi-1000/image");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("乐业红心猕猴桃"), r.body());
        assertEquals(404, get("/api/v1/products/nope/image").statusCode());
    }

    @Test
    void theCountyReportCountsTheSaleAtItsPrice() throws Exception {
        HttpResponse<String> r = get("/api/v1/reports/county?from=" + day + "&to=" + day);
        assertEquals(200, r.statusCode(), r.body());
        JsonObject body = new JsonObject(r.body());
        JsonObject leye = body.getJsonArray("rows").getJsonObject(0);
        assertEquals("乐业县", leye.getString("key"));
        assertEquals(2, leye.getInteger("units"));
        assertEquals(196.0, leye.getDouble("amount_yuan"));
        assertEquals(45, leye.getInteger("households"));
        assertEquals(2, body.getJsonObject("total").getInteger("units"));
    }

    @Test
    void badReportRequestsAre400WithAReason() throws Exception {
        HttpResponse<String> dim = get("/api/v1/reports/galaxy");
        assertEquals(400, dim.statusCode());
        assertTrue(new JsonObject(dim.body()).getString("reason").contains("dimension"), dim.body());
        HttpResponse<String> date = get("/api/v1/reports/day?from=yesterday");
        assertEquals(400, date.statusCode());
        assertTrue(new JsonObject(date.body()).getString("reason").contains("YYYY-MM-DD"), date.body());
    }

    @Test
    void theUpwardReportDownloadsAsCsvWithTheCertificate() throws Exception {
        HttpResponse<String> r = get("/api/v1/reports/upward.csv?from=" + day + "&to=" + day);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("乐业天坑野蜂蜜,ly-honey-500,GX-LY-2026-0118"), r.body());
        assertTrue(r.headers().firstValue("content-disposition").orElse("").contains("upward-report.csv"));
    }

    @Test
    void catalogExportsAndAlertsAreServed() throws Exception {
        HttpResponse<String> csv = get("/api/v1/catalog/products.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("\uFEFFsku,name_zh,name_en,price_yuan"), csv.body().substring(0, 40));
        assertEquals(18, csv.body().split("\r\n").length, "header and 17 products");
        stores.shelfOnline("S2", false);
        stores.alerts().evaluate(System.currentTimeMillis(), java.util.Set.of("S2"));
        JsonArray open = new JsonArray(get("/api/v1/alerts").body());
        assertTrue(open.stream().map(o -> ((JsonObject) o).getString("kind")).toList().contains("shelf_offline"),
                open.encode());
    }

    private static HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignedInStaffMemberRecordsASaleOnceAndAKioskTokenMayNot() throws Exception {
        stores.accounts().createUser("cashier", org.ssk.hub.auth.Role.STAFF, "till-password-1".toCharArray());
        assertEquals(401, post("/api/v1/auth/login", null,
                new JsonObject().put("username", "cashier").put("password", "wrong-password")).statusCode());
        HttpResponse<String> login = post("/api/v1/auth/login", null,
                new JsonObject().put("username", "cashier").put("password", "till-password-1"));
        assertEquals(200, login.statusCode(), login.body());
        String token = new JsonObject(login.body()).getString("token");
        JsonObject sale = new JsonObject().put("order_id", "POS-HTTP-1").put("channel", "pos")
                .put("lines", new JsonArray().add(new JsonObject().put("sku", "dy-egg-30").put("qty", 1)
                        .put("shelf", "S2")));
        assertEquals(401, post("/api/v1/sales", null, sale).statusCode());
        assertEquals(403, post("/api/v1/sales", stores.accounts().issueKioskToken("kiosk S2", "S2"), sale).statusCode());
        assertEquals(201, post("/api/v1/sales", token, sale).statusCode());
        HttpResponse<String> again = post("/api/v1/sales", token, sale);
        assertEquals(200, again.statusCode());
        assertEquals(false, new JsonObject(again.body()).getBoolean("stored"));
        HttpResponse<String> bad = post("/api/v1/sales", token, sale.copy().put("order_id", "POS-HTTP-2")
                .put("lines", new JsonArray().add(new JsonObject().put("sku", "nope").put("qty", 1))));
        assertEquals(400, bad.statusCode());
        assertTrue(new JsonObject(bad.body()).getString("reason").contains("nope"), bad.body());
        JsonObject correction = new JsonObject().put("entry_id", "C-HTTP").put("kind", "correction").put("shelf", "S2")
                .put("lane", "3").put("sku", "dy-egg-30").put("qty", -1).put("note", "broken box");
        assertEquals(403, post("/api/v1/stock-entries", token, correction).statusCode(), "staff may not correct");
    }
}
