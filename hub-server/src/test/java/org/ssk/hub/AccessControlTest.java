package org.ssk.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.auth.Role;
import org.ssk.hub.broker.ShelfAccess;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.protocol.Topics;

/**
 * Who may do what, on a running hub with the real stores: roles per route, cookie sessions with
 * CSRF, session fixation, login throttling, kiosk tokens on the WebSocket, shelf MQTT credentials
 * and the refusal of events from shelves outside the planogram.
 */
@Order(2)
class AccessControlTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    @TempDir
    static Path dir;
    static JdbcStorage stores;
    static Hub hub;
    static String admin;
    static String operator;
    static String staff;
    static String kiosk;

    @BeforeAll
    static void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        stores.accounts().createFirstAdmin("root", "admin-password".toCharArray());
        stores.accounts().createUser("olga", Role.OPERATOR, "operator-password".toCharArray());
        stores.accounts().createUser("sam", Role.STAFF, "staff-password".toCharArray());
        hub = Hub.start(config, stores, List.of());
        await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
        admin = TestHttp.login(hub.httpPort(), "root", "admin-password");
        operator = TestHttp.login(hub.httpPort(), "olga", "operator-password");
        staff = TestHttp.login(hub.httpPort(), "sam", "staff-password");
        kiosk = stores.accounts().issueKioskToken("kiosk S1", "S1");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String token, String body,
                                             String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("content-type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String method, String path, String token) throws Exception {
        return call(method, path, token, method.equals("GET") ? null : "{}").statusCode();
    }

    @Test
    void eachRoleReachesWhatItNeedsAndNothingMore() throws Exception {
        String[][] table = {
            // method, path, anonymous, kiosk, staff, operator, admin
            {"GET", "/api/v1/products", "200", "200", "200", "200", "200"},
            {"GET", "/api/v1/shelves", "401", "200", "200", "200", "200"},
            {"GET", "/api/v1/shelves/S1", "401", "403", "200", "200", "200"},
            {"GET", "/api/v1/alerts", "401", "403", "200", "200", "200"},
            {"GET", "/api/v1/reports/month", "401", "403", "403", "200", "200"},
            {"GET", "/api/v1/reports/upward.csv", "401", "403", "403", "200", "200"},
            {"GET", "/api/v1/region/upload", "401", "403", "403", "200", "200"},
            {"GET", "/api/v1/catalog/products.csv", "401", "403", "403", "200", "200"},
            {"GET", "/api/v1/users", "401", "403", "403", "403", "200"},
            {"GET", "/api/v1/kiosk-tokens", "401", "403", "403", "403", "200"},
            {"GET", "/api/v1/shelf-credentials", "401", "403", "403", "403", "200"},
            {"POST", "/api/v1/sales", "401", "403", "400", "400", "400"},
        };
        String[] tokens = {null, kiosk, staff, operator, admin};
        for (String[] row : table) {
            for (int i = 0; i < tokens.length; i++) {
                assertEquals(Integer.parseInt(row[2 + i]), status(row[0], row[1], tokens[i]),
                        row[0] + " " + row[1] + " as " + List.of("anonymous", "kiosk", "staff", "operator", "admin").get(i));
            }
        }
    }

    @Test
    void aBrowserSessionIsAnHttpOnlyStrictCookieAndWritesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> login = call("POST", "/api/v1/auth/login", null,
                "{\"username\":\"sam\",\"password\":\"staff-password\",\"session\":\"cookie\"}");
        assertEquals(200, login.statusCode(), login.body());
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && setCookie.contains("SameSite=Strict"), setCookie);
        JsonObject body = new JsonObject(login.body());
        assertNull(body.getString("token"), "a cookie session's token is not handed to page scripts");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = body.getString("csrf");

        assertEquals(200, call("GET", "/api/v1/alerts", null, null, "Cookie", cookie).statusCode());
        String sale = "{\"order_id\":\"csrf-1\",\"channel\":\"pos\",\"lines\":[{\"sku\":\"ly-honey-500\",\"qty\":1}]}";
        HttpResponse<String> forged = call("POST", "/api/v1/sales", null, sale, "Cookie", cookie);
        assertEquals(403, forged.statusCode());
        assertEquals("csrf", new JsonObject(forged.body()).getString("error"));
        assertEquals(403, call("POST", "/api/v1/sales", null, sale, "Cookie", cookie, "X-CSRF-Token", "wrong")
                .statusCode());
        assertEquals(201, call("POST", "/api/v1/sales", null, sale, "Cookie", cookie, "X-CSRF-Token", csrf)
                .statusCode());
        assertEquals(csrf, new JsonObject(call("GET", "/api/v1/auth/me", null, null, "Cookie", cookie).body())
                .getString("csrf"));
    }

    @Test
    void signingInAgainEndsThePresentedSessionSoAPlantedCookieIsWorthless() throws Exception {
        String planted = TestHttp.login(hub.httpPort(), "sam", "staff-password");
        HttpResponse<String> login = call("POST", "/api/v1/auth/login", null,
                "{\"username\":\"sam\",\"password\":\"staff-password\",\"session\":\"cookie\"}",
                "Cookie", "ssk_session=" + planted);
        String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
        String fresh = setCookie.substring("ssk_session=".length(), setCookie.indexOf(';'));
        assertNotEquals(planted, fresh);
        assertEquals(401, status("GET", "/api/v1/alerts", planted));
        assertEquals(200, call("GET", "/api/v1/alerts", null, null, "Cookie", "ssk_session=" + fresh).statusCode());
    }

    @Test
    void repeatedWrongPasswordsAreThrottledEvenWhenTheRightOneFollows() throws Exception {
        stores.accounts().createUser("victim", Role.STAFF, "victim-password".toCharArray());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, call("POST", "/api/v1/auth/login", null,
                    "{\"username\":\"victim\",\"password\":\"guess-" + i + "\"}").statusCode());
        }
        HttpResponse<String> r = call("POST", "/api/v1/auth/login", null,
                "{\"username\":\"victim\",\"password\":\"victim-password\"}");
        assertEquals(429, r.statusCode());
        assertTrue(Integer.parseInt(r.headers().firstValue("retry-after").orElseThrow()) > 0);
        assertEquals(200, call("POST", "/api/v1/auth/login", null,
                "{\"username\":\"olga\",\"password\":\"operator-password\"}").statusCode(), "other users are not locked");
    }

    @Test
    void loggingOutAndDisablingAUserEndTheirSessions() throws Exception {
        stores.accounts().createUser("leaver", Role.OPERATOR, "leaver-password".toCharArray());
        String t1 = TestHttp.login(hub.httpPort(), "leaver", "leaver-password");
        String t2 = TestHttp.login(hub.httpPort(), "leaver", "leaver-password");
        assertEquals(204, call("POST", "/api/v1/auth/logout", t1, null).statusCode());
        assertEquals(401, status("GET", "/api/v1/reports/month", t1));
        assertEquals(200, status("GET", "/api/v1/reports/month", t2));
        assertEquals(200, call("PATCH", "/api/v1/users/leaver", admin, "{\"disabled\":true}").statusCode());
        assertEquals(401, status("GET", "/api/v1/reports/month", t2));
        assertEquals(409, call("PATCH", "/api/v1/users/root", admin, "{\"role\":\"staff\"}").statusCode(),
                "the last admin cannot be demoted");
    }

    @Test
    void theKioskWebSocketNeedsAToken() throws Exception {
        var refused = assertThrows(java.util.concurrent.ExecutionException.class, () -> HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + hub.httpPort() + "/ws/kiosk/S1"),
                        new java.net.http.WebSocket.Listener() { }).get());
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        TestHttp.authorize(hub.httpPort(), kiosk);
        try (TestHttp.Kiosk k = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !k.frames.isEmpty());
            assertEquals("hello", new JsonObject(k.texts().get(0)).getString("type"));
        } finally {
            TestHttp.authorize(hub.httpPort(), null);
        }
    }

    @Test
    void aKioskTokenServesOnlyTheShelfItWasIssuedFor() throws Exception {
        HttpResponse<String> issued = call("POST", "/api/v1/kiosk-tokens", admin,
                "{\"label\":\"S2 display\",\"shelf\":\"S2\"}");
        assertEquals(201, issued.statusCode(), issued.body());
        String s2Kiosk = new JsonObject(issued.body()).getString("token");
        assertEquals(400, call("POST", "/api/v1/kiosk-tokens", admin, "{\"label\":\"any display\"}").statusCode(),
                "a kiosk token names its shelf");

        var refused = assertThrows(java.util.concurrent.ExecutionException.class, () -> HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + hub.httpPort() + "/ws/kiosk/S1?token=" + s2Kiosk),
                        new java.net.http.WebSocket.Listener() { }).get());
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        TestHttp.authorize(hub.httpPort(), s2Kiosk);
        try (TestHttp.Kiosk k = TestHttp.Kiosk.open(hub.httpPort(), "S2")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !k.frames.isEmpty());
            assertEquals("hello", new JsonObject(k.texts().get(0)).getString("type"));
            io.vertx.core.json.JsonArray shelves = new io.vertx.core.json.JsonArray(
                    TestHttp.get(hub.httpPort(), "/api/v1/shelves").body());
            assertEquals(1, shelves.size(), shelves.encode());
            assertEquals("S2", shelves.getJsonObject(0).getString("shelf"));
        } finally {
            TestHttp.authorize(hub.httpPort(), null);
        }
        // Staff see every shelf's stream.
        TestHttp.authorize(hub.httpPort(), staff);
        try (TestHttp.Kiosk k = TestHttp.Kiosk.open(hub.httpPort(), "S1")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !k.frames.isEmpty());
        } finally {
            TestHttp.authorize(hub.httpPort(), null);
        }
    }

    @Test
    void anAdminIssuesShelfCredentialsThatTheBrokerAcceptsUntilRevoked() throws Exception {
        HttpResponse<String> issued = call("POST", "/api/v1/shelves/S2/credentials", admin, "{}");
        assertEquals(201, issued.statusCode(), issued.body());
        String secret = new JsonObject(issued.body()).getString("password");
        assertEquals(403, status("POST", "/api/v1/shelves/S2/credentials", operator));
        MqttClient c = mqtt("S2", secret);
        assertTrue(c.isConnected());
        c.disconnect();
        assertEquals(200, call("DELETE", "/api/v1/shelves/S2/credentials", admin, null).statusCode());
        MqttException e = assertThrows(MqttException.class, () -> mqtt("S2", secret));
        assertNotEquals(0, e.getReasonCode());
        assertThrows(MqttException.class, () -> mqtt(null, null));
    }

    @Test
    void eventsFromAShelfOutsideThePlanogramAreRefusedAndCounted() throws Exception {
        MqttClient insider = mqtt(ShelfAccess.HUB_USER, hub.internalBrokerPassword());
        String event = "{\"type\":\"pick\",\"id\":\"S9/1/1\",\"shelf\":\"S9\",\"lane\":\"1\",\"sku\":\"x\","
                + "\"qty\":1,\"t_ms\":1}";
        insider.publish(Topics.event("S9"), event.getBytes(StandardCharsets.UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.metrics().counter("ssk_ingest_rejected",
                "reason", "unknown_shelf").count() >= 1);
        assertFalse(stores.ledger().events("S9").stream().findAny().isPresent());
        insider.disconnect();
    }

    private static MqttClient mqtt(String user, String password) throws Exception {
        String id = user != null && Topics.SHELF_ID.matcher(user).matches() ? Topics.agentClientId(user)
                : "t-" + System.nanoTime();
        MqttClient c = new MqttClient(hub.brokerUrl(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try as 3.1 after a refusal
        o.setCleanSession(true);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }
}
