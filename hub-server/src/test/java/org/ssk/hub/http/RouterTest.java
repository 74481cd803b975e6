package org.ssk.hub.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.FakeStorage;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;

class RouterTest {
    @TempDir
    static Path dir;
    static FakeStorage storage;
    static Hub hub;

    @BeforeAll
    static void start() throws Exception {
        storage = new FakeStorage();
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        hub = Hub.start(config, storage, List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
        TestHttp.authorize(hub.httpPort(), storage.token(org.ssk.hub.auth.Role.ADMIN));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestHttp.get(hub.httpPort(), path);
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String reasonPart) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.body());
        JsonObject body = new JsonObject(r.body());
        assertEquals(code, body.getString("error"));
        assertTrue(body.getString("reason").contains(reasonPart), body.getString("reason"));
    }

    @Test
    void healthIsUpWhenTheBrokerAndTheLedgerAre() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertEquals(new JsonObject().put("status", "up").put("broker", "up").put("ledger", "up"),
                new JsonObject(r.body()));
    }

    @Test
    void healthIs503AndNamesTheLedgerWhenTheDatabaseFails() throws Exception {
        storage.healthy.set(false);
        try {
            HttpResponse<String> r = get("/health");
            assertEquals(503, r.statusCode());
            assertEquals("down", new JsonObject(r.body()).getString("ledger"));
            assertEquals("up", new JsonObject(r.body()).getString("broker"));
        } finally {
            storage.healthy.set(true);
        }
    }

    @Test
    void shelvesListTheirLanesAndSkus() throws Exception {
        JsonArray shelves = new JsonArray(get("/api/v1/shelves").body());
        assertEquals(2, shelves.size());
        JsonObject s1 = shelves.getJsonObject(0);
        assertEquals("S1", s1.getString("shelf"));
        assertEquals("dy-rice-2500", s1.getJsonArray("lanes").getJsonObject(0).getString("sku"));
    }

    @Test
    void productCardCarriesTheOrderAndQrUrls() throws Exception {
        JsonObject card = new JsonObject(get("/api/v1/products/dy-tea-250").body());
        assertEquals("https://shop.example.org/p/dy-tea-250", card.getString("order_url"));
        assertEquals("/api/v1/products/dy-tea-250/qr.svg", card.getString("qr_url"));
        assertEquals("东源县", card.getJsonObject("origin").getString("county"));
        assertEquals("2027-06-30", card.getJsonObject("certification").getString("valid_until"));
    }

    @Test
    void qrEndpointAnswersAnSvg() throws Exception {
        HttpResponse<String> r = get("/api/v1/products/dy-tea-250/qr.svg");
        assertEquals(200, r.statusCode());
        assertEquals("image/svg+xml", r.headers().firstValue("content-type").orElse(""));
        assertTrue(r.body().startsWith("<svg"));
    }

    @Test
    void anInvalidShelfIdIsA400WithTheRule() throws Exception {
        assertError(get("/api/v1/shelves/S1%2B%23"), 400, "bad_request", "shelf id must be");
    }

    @Test
    void anUnknownShelfIsA404NamingIt() throws Exception {
        assertError(get("/api/v1/shelves/S9"), 404, "not_found", "S9");
    }

    @Test
    void anOverlongSkuIsA400() throws Exception {
        assertError(get("/api/v1/products/" + "x".repeat(65)), 400, "bad_request", "sku must be");
    }

    @Test
    void anUnknownProductIsA404() throws Exception {
        assertError(get("/api/v1/products/nope"), 404, "not_found", "nope");
    }

    @Test
    void anUnknownApiPathIsAJson404() throws Exception {
        assertError(get("/api/v1/nothing/here"), 404, "not_found", "no such endpoint");
    }

    @Test
    void aWrongMethodIsAJson4xxNotA500() throws Exception {
        HttpResponse<String> r = TestHttp.post(hub.httpPort(), "/api/v1/shelves");
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " " + r.body());
        assertTrue(new JsonObject(r.body()).containsKey("reason"));
    }

    @Test
    void theDemoEndpointsAre404OnAHubWithoutTheDemo() throws Exception {
        assertError(TestHttp.post(hub.httpPort(), "/api/v1/demo/shelves/S1/lanes/1/lift"), 404, "not_found", "");
        assertError(get("/api/v1/demo/shelves/S1"), 404, "not_found", "");
    }

    @Test
    void aKioskSocketForAnUnknownShelfIsRefused() throws Exception {
        assertError(get("/ws/kiosk/S9"), 404, "not_found", "S9");
    }

    @Test
    void aKioskIsGreetedWithItsLanesAndCards() throws Exception {
        try (TestHttp.Kiosk k = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !k.frames.isEmpty());
            JsonObject hello = new JsonObject(k.texts().get(0));
            assertEquals("hello", hello.getString("type"));
            assertEquals("S1", hello.getString("shelf"));
            assertEquals(3, hello.getJsonArray("lanes").size());
            assertEquals(2, hello.getJsonArray("cards").size(), "the empty lane has no card");
        }
    }

    @Test
    void theChartJsWebjarIsServed() throws Exception {
        HttpResponse<String> r = get("/webjars/chart.js/4.4.1/dist/chart.umd.js");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Chart"), "chart.js source");
    }

    @Test
    void metricsExposeIngestRejectionsByReason() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("ssk_ingest_rejected_total{reason=\"malformed_json\"}"), r.body());
        assertTrue(r.body().contains("ssk_kiosk_sockets"), r.body());
    }
}
