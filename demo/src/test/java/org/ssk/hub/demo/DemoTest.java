package org.ssk.hub.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.kiosk.ShelfLayout;

/** The demo as a visitor of the virtual shelf page drives it: mouse gesture → load cells → MQTT → kiosk. */
@Order(2)
class DemoTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    static DemoCommand.Running demo;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoCommand.start(HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString()),
                false);
        port = demo.hub().httpPort();
        TestHttp.authorize(port, TestHttp.login(port, "admin", demo.adminPassword()));
        await().atMost(WAIT).until(() -> demo.shelves().all().stream().allMatch(r -> r.agent().connected()));
        assertTrue(demo.shelves().awaitOpened(Duration.ofSeconds(60)), "opening restock finished");
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void everyShelfDisplayHasItsOwnKioskTokenSoRevokingOneLeavesTheOthers() throws Exception {
        var shelves = demo.hub().catalog().shelves().stream().map(ShelfLayout::shelf).toList();
        assertEquals(new java.util.TreeSet<>(shelves), demo.kioskTokens().keySet());
        assertEquals(shelves.size(), new java.util.HashSet<>(demo.kioskTokens().values()).size(), "all different");
        String admin = TestHttp.login(port, "admin", demo.adminPassword());
        String s1 = demo.kioskToken(shelves.get(0));
        String s2 = demo.kioskToken(shelves.get(1));
        var client = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpRequest.Builder> req = (path, token) ->
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token);
        JsonArray listed = new JsonArray(client.send(req.apply("/api/v1/kiosk-tokens", admin).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        String id = listed.stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("label").equals("kiosk " + shelves.get(0)))
                .map(t -> t.getString("id")).reduce((a, b) -> b).orElseThrow();
        assertEquals(200, client.send(req.apply("/api/v1/kiosk-tokens/" + id, admin).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(401, client.send(req.apply("/api/v1/shelves", s1).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, client.send(req.apply("/api/v1/shelves", s2).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void theSampleCatalogFillsSeveralShelvesWithCards() throws Exception {
        JsonArray shelves = new JsonArray(TestHttp.get(port, "/api/v1/shelves").body());
        assertTrue(shelves.size() >= 3, shelves.encode());
        JsonArray products = new JsonArray(TestHttp.get(port, "/api/v1/products").body());
        assertTrue(products.size() >= 10, "sample products: " + products.size());
        for (int i = 0; i < products.size(); i++) {
            JsonObject card = products.getJsonObject(i);
            assertNotNull(card.getString("name_zh"), card.encode());
            assertNotNull(card.getJsonObject("origin").getString("county"), card.encode());
            assertEquals(200, TestHttp.get(port, card.getString("qr_url")).statusCode());
        }
    }

    @Test
    void atOpeningEveryLaneIsFilledToItsCapacityThroughTheShelfAndTheLedgerCountsIt() throws Exception {
        ShelfLayout shelf = demo.hub().catalog().shelves().get(2);
        assertTrue(shelf.lanes().stream().allMatch(l -> l.sku() == null || l.capacity() != null),
                "the sample planogram gives every lane its capacity");
        await().atMost(WAIT).until(() -> {
            JsonObject s = new JsonObject(TestHttp.get(port, "/api/v1/shelves/" + shelf.shelf()).body());
            return s.getJsonArray("stock").stream().map(JsonObject.class::cast)
                    .allMatch(l -> l.getString("sku") == null || l.getInteger("qty").equals(l.getInteger("capacity")));
        });
    }

    @Test
    void aLiftOnTheVirtualShelfShowsTheProductOnThatShelfsKiosk() throws Exception {
        ShelfLayout shelf = demo.hub().catalog().shelves().get(0);
        ShelfLayout.Lane lane = shelf.lanes().stream().filter(l -> l.sku() != null).findFirst().orElseThrow();
        try (TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(port, shelf.shelf())) {
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            var r = TestHttp.post(port, "/api/v1/demo/shelves/" + shelf.shelf() + "/lanes/" + lane.lane() + "/lift");
            assertEquals(204, r.statusCode(), r.body());
            String pick = await().atMost(WAIT).until(() -> kiosk.texts().stream()
                    .filter(t -> t.contains("\"type\":\"pick\"")).findFirst().orElse(null), t -> t != null);
            assertEquals(lane.sku(), new JsonObject(pick).getJsonObject("card").getString("sku"));
            JsonObject view = new JsonObject(TestHttp.get(port, "/api/v1/demo/shelves/" + shelf.shelf()).body());
            assertTrue(view.getJsonArray("lanes").stream().map(JsonObject.class::cast)
                    .anyMatch(l -> l.getString("lane").equals(lane.lane()) && l.getInteger("held") == 1), view.encode());
        }
    }

    @Test
    void aPickRungUpAtTheTillIsASaleInTheLedgerThroughThePosCall() throws Exception {
        ShelfLayout shelf = demo.hub().catalog().shelves().get(1);
        ShelfLayout.Lane lane = shelf.lanes().stream().filter(l -> l.sku() != null).findFirst().orElseThrow();
        try (DemoTill till = new DemoTill(demo.hub().vertx(), "http://127.0.0.1:" + port,
                () -> TestHttp.login(port, "staff", demo.staffPassword()), 7, 1.0).start()) {
            var r = TestHttp.post(port, "/api/v1/demo/shelves/" + shelf.shelf() + "/lanes/" + lane.lane() + "/lift");
            assertEquals(204, r.statusCode(), r.body());
            JsonObject sale = await().atMost(WAIT).until(() -> new JsonObject(TestHttp.get(port,
                            "/api/v1/ledger/entries?kind=sale&shelf=" + shelf.shelf()).body()).getJsonArray("entries")
                    .stream().map(JsonObject.class::cast).filter(e -> lane.sku().equals(e.getString("sku"))
                            && e.getString("ref").startsWith("demo-" + shelf.shelf() + "/")).findFirst().orElse(null),
                    e -> e != null);
            assertEquals(1, sale.getInteger("qty"), sale.encode());
            assertTrue(sale.getDouble("amount_yuan") > 0, sale.encode());
        }
    }

    @Test
    void everyPrintedKioskAndVirtualShelfLinkCarriesTheKioskToken() {
        String urls = DemoCommand.urls(demo);
        for (ShelfLayout s : demo.hub().catalog().shelves()) {
            for (String page : new String[] {"/kiosk/", "/virtual/"}) {
                assertTrue(urls.contains(":" + port + page + s.shelf() + "?token=" + demo.kioskToken(s.shelf())), urls);
            }
        }
        assertEquals("127.0.0.1", DemoCommand.reachable("127.0.0.1"));
        assertTrue(!DemoCommand.reachable("0.0.0.0").equals("0.0.0.0"));
    }

    @Test
    void anyonesPageLearnsTheCentersZoneAndTodayThereWithoutSigningIn() throws Exception {
        String before = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        JsonObject c = new JsonObject(TestHttp.anonymousGet(port, "/api/v1/center").body());
        String after = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        assertEquals("Asia/Shanghai", c.getString("time_zone"));
        assertTrue(c.getString("today").equals(before) || c.getString("today").equals(after), c.encode());
        assertEquals("消费扶贫专柜", c.getString("name"));
        assertTrue(c.getValue("logo_url") == null, c.encode());
        assertEquals(404, TestHttp.anonymousGet(port, "/api/v1/center/logo").statusCode());
    }

    @Test
    void badVirtualShelfInputIsA4xxWithAReason() throws Exception {
        ShelfLayout shelf = demo.hub().catalog().shelves().get(0);
        String base = "/api/v1/demo/shelves/" + shelf.shelf();
        assertEquals(400, TestHttp.post(port, base + "/lanes/" + shelf.lanes().get(0).lane() + "/lift?qty=0").statusCode());
        assertEquals(400, TestHttp.post(port, base + "/lanes/" + shelf.lanes().get(0).lane() + "/lift?qty=x").statusCode());
        var r = TestHttp.post(port, base + "/lanes/nolane/lift");
        assertEquals(404, r.statusCode());
        assertTrue(new JsonObject(r.body()).getString("reason").contains("nolane"));
        assertEquals(404, TestHttp.post(port, "/api/v1/demo/shelves/ZZ/restock-mode?on=true").statusCode());
    }
}
