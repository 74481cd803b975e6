package org.ssk.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.auth.Role;
import org.ssk.hub.http.Uploads;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.Sale;
import org.ssk.hub.ledger.StockEntry;

/**
 * The console's endpoints on a running hub with the sample catalog: who may call them (401
 * without a session, 403 for a too small role), what they refuse (400, 413, 415) and that a change
 * reaches what kiosks read.
 */
class ConsoleRoutesTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static JdbcStorage stores;
    static Hub hub;
    static String operator;
    static String staff;

    @BeforeAll
    static void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createUser("olga", Role.OPERATOR, "operator-pass-1".toCharArray());
        stores.accounts().createUser("sam", Role.STAFF, "staff-pass-123".toCharArray());
        hub = Hub.start(config, stores, List.of());
        await().atMost(WAIT).until(hub::brokerConnected);
        operator = login("olga", "operator-pass-1");
        staff = login("sam", "staff-pass-123");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        } else if (stores != null) {
            stores.close();
        }
    }

    static String login(String user, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/auth/login", null, "application/json",
                new JsonObject().put("username", user).put("password", password).encode());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("token");
    }

    static HttpResponse<String> send(String method, String path, String token, String type, String body)
            throws Exception {
        return send(method, path, token, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(String method, String path, String token, String type, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(WAIT).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("content-type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null, (byte[]) null);
    }

    static byte[] png() throws Exception {
        var img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0xc0ffee);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static JsonObject product(String sku) throws Exception {
        JsonArray all = new JsonArray(get("/api/v1/catalog/products", operator).body());
        return all.stream().map(JsonObject.class::cast).filter(p -> p.getString("sku").equals(sku)).findFirst()
                .orElseThrow();
    }

    @Test
    void everyConsoleEndpointNeedsASessionAndTheRightRole() throws Exception {
        String[][] operatorOnly = {{"GET", "/api/v1/catalog/products"}, {"POST", "/api/v1/catalog/products"},
            {"PUT", "/api/v1/catalog/products/ly-honey-500"}, {"POST", "/api/v1/catalog/products/ly-honey-500/image"},
            {"POST", "/api/v1/catalog/products/import"}, {"POST", "/api/v1/catalog/planogram/import"},
            {"GET", "/api/v1/catalog/shelves"}, {"PUT", "/api/v1/catalog/shelves/S1"},
            {"GET", "/api/v1/ledger/entries"}, {"GET", "/api/v1/ledger/entries.csv"}, {"POST", "/api/v1/sales/import"}};
        for (String[] r : operatorOnly) {
            assertEquals(401, send(r[0], r[1], null, "application/json", "{}").statusCode(), r[1]);
            assertEquals(403, send(r[0], r[1], staff, "application/json", "{}").statusCode(), r[1]);
        }
        assertEquals(401, send("POST", "/api/v1/alerts/1/ack", null, null, (byte[]) null).statusCode());
        assertEquals(403, send("GET", "/api/v1/users", operator, null, (byte[]) null).statusCode());
    }

    @Test
    void anEditedProductReachesTheKioskCardAndBadFieldsAre400PerField() throws Exception {
        JsonObject p = product("ly-kiwi-1000").put("name_zh", "<b>红心</b>猕猴桃").put("price_yuan", "66.50");
        HttpResponse<String> r = send("PUT", "/api/v1/catalog/products/ly-kiwi-1000", operator, "application/json",
                p.encode());
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(WAIT).until(() -> new JsonObject(get("/api/v1/products/ly-kiwi-1000", null).body())
                .getString("name_zh").equals("<b>红心</b>猕猴桃"));

        HttpResponse<String> bad = send("PUT", "/api/v1/catalog/products/ly-kiwi-1000", operator, "application/json",
                p.copy().put("price_yuan", "cheap").put("producer_kind", "guild").encode());
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(new JsonObject(bad.body()).getJsonArray("errors").getString(0).contains("price_yuan"), bad.body());
        assertEquals("66.50", product("ly-kiwi-1000").getString("price_yuan"), "nothing stored");

        assertEquals(409, send("POST", "/api/v1/catalog/products", operator, "application/json", p.encode())
                .statusCode());
        HttpResponse<String> added = send("POST", "/api/v1/catalog/products", operator, "application/json",
                p.copy().put("sku", "ly-kiwi-2000").put("spec", "2 kg").encode());
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(404, send("PUT", "/api/v1/catalog/products/nope", operator, "application/json",
                p.copy().put("sku", "nope").encode()).statusCode());
    }

    @Test
    void anUploadedImageIsServedAndBecomesTheCardImageAndOtherFilesAreRefused() throws Exception {
        byte[] png = png();
        HttpResponse<String> r = send("POST", "/api/v1/catalog/products/ly-honey-500/image", operator, "image/png", png);
        assertEquals(200, r.statusCode(), r.body());
        String url = new JsonObject(r.body()).getString("image_url");
        assertTrue(url.startsWith("/api/v1/media/ly-honey-500-"), url);
        HttpResponse<byte[]> media = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + hub.httpPort() + url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, media.statusCode());
        assertEquals("image/png", media.headers().firstValue("content-type").orElse(""));
        assertArrayEquals(png, media.body());
        await().atMost(WAIT).until(() -> url.equals(new JsonObject(get("/api/v1/products/ly-honey-500", null).body())
                .getString("image_url")));

        assertEquals(415, send("POST", "/api/v1/catalog/products/ly-honey-500/image", operator, "image/jpeg", png)
                .statusCode(), "a PNG sent as JPEG");
        assertEquals(415, send("POST", "/api/v1/catalog/products/ly-honey-500/image", operator, "image/svg+xml",
                "<svg/>").statusCode());
        assertEquals(413, send("POST", "/api/v1/catalog/products/ly-honey-500/image", operator, "image/png",
                new byte[org.ssk.hub.http.RouterFactory.UPLOAD_LIMIT_BYTES + 1]).statusCode());
        assertEquals(400, send("POST", "/api/v1/catalog/products/ly-honey-500/image", operator, "image/png",
                new byte[0]).statusCode());
        assertEquals(404, get("/api/v1/media/..%2Fhub.db", null).statusCode());
    }

    @Test
    void aProductFileWithABadRowImportsNothingAndNamesTheRow() throws Exception {
        String header = String.join(",", org.ssk.hub.catalog.ProductTable.COLUMNS);
        JsonObject honey = product("ly-honey-500");
        String good = org.ssk.hub.catalog.ProductTable.COLUMNS.stream()
                .map(c -> c.equals("name_en") ? "Imported honey" : "\"" + honey.getString(c).replace("\"", "\"\"") + "\"")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        String bad = good.replace("ly-honey-500", "ly-other").replace("Imported honey", "");
        HttpResponse<String> r = send("POST", "/api/v1/catalog/products/import", operator, "text/csv",
                header + "\n" + good + "\n" + bad + "\n");
        assertEquals(400, r.statusCode(), r.body());
        JsonArray errors = new JsonObject(r.body()).getJsonArray("errors");
        assertTrue(errors.getString(0).startsWith("row 3"), errors.encode());
        assertTrue(!product("ly-honey-500").getString("name_en").equals("Imported honey"), "nothing half-imported");

        HttpResponse<String> ok = send("POST", "/api/v1/catalog/products/import", operator, "text/csv; charset=utf-8",
                header + "\n" + good + "\n");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("Imported honey", product("ly-honey-500").getString("name_en"));
        assertEquals(415, send("POST", "/api/v1/catalog/products/import", operator, Uploads.XLSX, header).statusCode(),
                "an XLSX type without the ZIP magic");
        assertEquals(415, send("POST", "/api/v1/catalog/planogram/import", operator, "application/pdf", header)
                .statusCode());
    }

    @Test
    void aShelfsLanesAreEditedAndUnknownSkusRefused() throws Exception {
        JsonObject lanes = new JsonObject().put("name", "入口货架").put("lanes", new JsonArray()
                .add(new JsonObject().put("lane", "1").put("sku", "ly-honey-500").put("unit_grams", 520))
                .add(new JsonObject().put("lane", "2").put("sku", "").put("unit_grams", 0)));
        HttpResponse<String> r = send("PUT", "/api/v1/catalog/shelves/S9", operator, "application/json", lanes.encode());
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(WAIT).until(() -> hub.catalog().shelf("S9").isPresent());
        JsonArray shelves = new JsonArray(get("/api/v1/catalog/shelves", operator).body());
        assertTrue(shelves.encode().contains("\"shelf\":\"S9\""), shelves.encode());
        lanes.getJsonArray("lanes").getJsonObject(0).put("sku", "ghost");
        HttpResponse<String> bad = send("PUT", "/api/v1/catalog/shelves/S9", operator, "application/json",
                lanes.encode());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("ghost"), bad.body());
    }

    @Test
    void aLanesCapacityIsSavedShownWithTheStockAndBadValuesAre400() throws Exception {
        JsonObject body = new JsonObject().put("name", "容量货架").put("lanes", new JsonArray()
                .add(new JsonObject().put("lane", "1").put("sku", "ly-honey-500").put("unit_grams", 720)
                        .put("capacity", 12))
                .add(new JsonObject().put("lane", "2").put("sku", "ly-kiwi-1000").put("unit_grams", 1080)));
        HttpResponse<String> r = send("PUT", "/api/v1/catalog/shelves/S6", operator, "application/json", body.encode());
        assertEquals(200, r.statusCode(), r.body());
        JsonObject saved = new JsonArray(get("/api/v1/catalog/shelves", operator).body()).stream()
                .map(JsonObject.class::cast).filter(o -> o.getString("shelf").equals("S6")).findFirst().orElseThrow();
        assertEquals(12, saved.getJsonArray("lanes").getJsonObject(0).getInteger("capacity"));
        assertTrue(saved.getJsonArray("lanes").getJsonObject(1).containsKey("capacity")
                && saved.getJsonArray("lanes").getJsonObject(1).getValue("capacity") == null, saved.encode());
        await().atMost(WAIT).until(() -> hub.catalog().shelf("S6").isPresent());
        JsonArray stock = new JsonObject(get("/api/v1/shelves/S6", staff).body()).getJsonArray("stock");
        assertEquals(12, stock.getJsonObject(0).getInteger("capacity"), "staff read the capacity with the stock");
        assertEquals(null, stock.getJsonObject(1).getValue("capacity"), "and null where it is not known");

        for (Object bad : List.<Object>of(0, -3, 1000, 12.5, "twelve", true)) {
            JsonObject b = body.copy();
            b.getJsonArray("lanes").getJsonObject(0).put("capacity", bad);
            HttpResponse<String> refused = send("PUT", "/api/v1/catalog/shelves/S6", operator, "application/json",
                    b.encode());
            assertEquals(400, refused.statusCode(), bad + ": " + refused.body());
            assertTrue(refused.body().contains("capacity"), refused.body());
        }
        assertEquals(12, hub.catalog().shelf("S6").orElseThrow().lanes().get(0).capacity(), "nothing refused was stored");
    }

    @Test
    void aPlanogramWorkbookIsImportedWholeOrNotAtAll() throws Exception {
        List<List<Object>> rows = List.of(List.copyOf(org.ssk.hub.catalog.ProductTable.PLANOGRAM_COLUMNS),
                List.of("S8", "试验货架", "1", "ly-honey-500", 520), List.of("S8", "试验货架", "2", "ly-kiwi-1000", 1050));
        HttpResponse<String> ok = send("POST", "/api/v1/catalog/planogram/import", operator, Uploads.XLSX,
                org.ssk.sheets.Sheets.toXlsx("planogram", rows));
        assertEquals(200, ok.statusCode(), ok.body());
        await().atMost(WAIT).until(() -> hub.catalog().shelf("S8").map(s -> s.lanes().size() == 2).orElse(false));

        List<List<Object>> bad = List.of(rows.get(0), List.of("S7", "坏货架", "1", "ly-honey-500", 520),
                List.of("S7", "坏货架", "2", "no-such-sku", 100));
        HttpResponse<String> r = send("POST", "/api/v1/catalog/planogram/import", operator, Uploads.XLSX,
                org.ssk.sheets.Sheets.toXlsx("planogram", bad));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(new JsonObject(r.body()).getJsonArray("errors").getString(0).startsWith("row 3"), r.body());
        assertTrue(new JsonArray(get("/api/v1/catalog/shelves", operator).body()).stream()
                .noneMatch(o -> ((JsonObject) o).getString("shelf").equals("S7")), "nothing half-imported");
    }

    @Test
    void theLedgerListsEntriesByKindAPageAtATimeAndSalesImportOnce() throws Exception {
        long t = System.currentTimeMillis();
        stores.ledger().recordSale(new Sale("POS-L1", "pos", t, List.of(new Sale.Line("dy-egg-30", 2, "S2")), null));
        stores.ledger().recordStockEntry(StockEntry.correction("C-L1", "S2", "3", "dy-egg-30", t, -1, null, "broken",
                "olga"));
        JsonObject page = new JsonObject(get("/api/v1/ledger/entries?kind=correction&shelf=S2&limit=1", operator).body());
        assertEquals(1, page.getLong("total"));
        JsonObject e = page.getJsonArray("entries").getJsonObject(0);
        assertEquals("C-L1", e.getString("ref"));
        assertEquals("olga", e.getString("by_user"));
        JsonObject sales = new JsonObject(get("/api/v1/ledger/entries?kind=sale&sku=dy-egg-30", operator).body());
        assertTrue(sales.getLong("total") >= 1, sales.encode());
        assertEquals(400, get("/api/v1/ledger/entries?kind=theft", operator).statusCode());
        assertEquals(400, get("/api/v1/ledger/entries?limit=0", operator).statusCode());
        assertEquals(400, get("/api/v1/ledger/entries?from=soon", operator).statusCode());
        String csv = get("/api/v1/ledger/entries.csv?kind=correction", operator).body();
        assertTrue(csv.contains("C-L1") && csv.contains("time,source,kind"), csv);
        String sku = hub.catalog().skuAt("S2", "3").orElse("dy-egg-30");
        stores.ledger().append(new org.ssk.protocol.Pick("S2", "L1", 1, t, "3", sku, 1, 1800, true));
        JsonObject pick = new JsonObject(get("/api/v1/ledger/entries?kind=pick&shelf=S2", operator).body())
                .getJsonArray("entries").stream().map(JsonObject.class::cast)
                .filter(o -> "S2/L1/1".equals(o.getString("ref"))).findFirst().orElseThrow();
        assertEquals(true, pick.getBoolean("unseen"), "a pick counted with no hand seen says so in the ledger");
        assertEquals(null, e.getValue("unseen"), "unseen is for shelf events only");
        String pickCsv = get("/api/v1/ledger/entries.csv?kind=pick&shelf=S2", operator).body();
        assertTrue(pickCsv.lines().findFirst().orElse("").endsWith(",by_user,unseen")
                && pickCsv.lines().anyMatch(l -> l.contains("S2/L1/1") && l.endsWith(",true")), pickCsv);

        String file = "order_id,channel,time,sku,qty,shelf\nWEB-9,online," + (t + 1) + ",ly-honey-500,1,\n";
        HttpResponse<String> first = send("POST", "/api/v1/sales/import", operator, "text/csv", file);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(1, new JsonObject(first.body()).getInteger("recorded"));
        assertEquals(1, new JsonObject(send("POST", "/api/v1/sales/import", operator, "text/csv", file).body())
                .getInteger("already_stored"));
        HttpResponse<String> bad = send("POST", "/api/v1/sales/import", operator, "text/csv", file.replace("1,\n", "x,\n"));
        assertEquals(400, bad.statusCode(), bad.body());
    }

    @Test
    void staffAcknowledgeAnAlertWhichStaysOpenUntilResolved() throws Exception {
        stores.alerts().evaluate(System.currentTimeMillis(), Set.of("S1"));
        JsonObject alert = new JsonArray(get("/api/v1/alerts", staff).body()).stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("kind").equals("shelf_offline")).findFirst().orElseThrow();
        HttpResponse<String> r = send("POST", "/api/v1/alerts/" + alert.getLong("id") + "/ack", staff, null,
                (byte[]) null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("sam", new JsonObject(r.body()).getString("acknowledged_by"));
        JsonObject after = new JsonArray(get("/api/v1/alerts", staff).body()).stream().map(JsonObject.class::cast)
                .filter(a -> a.getLong("id").equals(alert.getLong("id"))).findFirst().orElseThrow();
        assertEquals("sam", after.getString("acknowledged_by"));
        assertEquals(null, after.getValue("cleared_ms"), "still open");
        assertEquals(404, send("POST", "/api/v1/alerts/999999/ack", staff, null, (byte[]) null).statusCode());
        assertEquals(400, send("POST", "/api/v1/alerts/x/ack", staff, null, (byte[]) null).statusCode());
    }
}
