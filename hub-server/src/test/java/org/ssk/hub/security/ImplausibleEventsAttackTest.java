package org.ssk.hub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.TestHttp;
import org.ssk.hub.alert.Alert;
import org.ssk.hub.auth.Role;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.StoredEvent;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Topics;

/**
 * The attack of issue 13 on ingest, for real: a shelf with a valid login publishes events that
 * cannot be true (times in 2100 and 1970, a lane and a SKU not on its planogram, another shelf's
 * SKU, a pick of 1000 items, then a restock of 1014) through the embedded broker into the hub's
 * real ingest and SQLite ledger. None may reach a total; each must be visible in the quarantine
 * with its reason and alerted; none may count before an operator releases it.
 */
class ImplausibleEventsAttackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void implausibleEventsFromAShelfAreQuarantinedAlertedAndCountOnlyOnceAnOperatorReleasesThem() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        try (Hub hub = Hub.start(config, stores, List.of())) {
            await().atMost(WAIT).until(hub::brokerConnected);
            stores.accounts().createUser("op1", Role.OPERATOR, "operator-password".toCharArray());
            stores.accounts().createUser("staff1", Role.STAFF, "staff-password".toCharArray());
            String operator = TestHttp.login(hub.httpPort(), "op1", "operator-password");
            String staff = TestHttp.login(hub.httpPort(), "staff1", "staff-password");
            Map<String, Integer> stockBefore = stores.ledger().stockByLane("S1");
            TestHttp.authorize(hub.httpPort(), operator);
            String reportsBefore = reports(hub);

            long now = System.currentTimeMillis();
            long in2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
            List<ShelfEvent> attack = List.of(
                    new Pick("S1", "atk", 1, in2100, "1", "dy-rice-2500", 1, 2530),
                    new Pick("S1", "atk", 2, 0, "1", "dy-rice-2500", 1, 2530),
                    new Pick("S1", "atk", 3, now, "77", "dy-rice-2500", 1, 2530),
                    new Pick("S1", "atk", 4, now, "1", "no-such-sku", 1, 2530),
                    new Pick("S1", "atk", 5, now, "1", "dy-tea-250", 1, 340),
                    new Pick("S1", "atk", 6, now, "3", "dy-teaoil-500", 1000, 780_000),
                    new Restock("S1", "atk", 7, now, "3", "dy-teaoil-500", 1000, 780_000),
                    new org.ssk.protocol.Lift("S1", "atk", 8, now, "77", "dy-rice-2500", 2530),
                    new org.ssk.protocol.Lift("S1", "atk", 9, in2100, "1", "dy-rice-2500", 2530));
            // A kiosk of S1 watches throughout: no quarantined event may put a card on its screen.
            TestHttp.Kiosk kiosk = TestHttp.Kiosk.open(hub.httpPort(), "S1");
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            MqttClient shelf = new MqttClient(hub.brokerUrl(), org.ssk.protocol.Topics.agentClientId("S1"), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setUserName("S1");
            o.setPassword(stores.shelfCredentials().issue("S1").toCharArray());
            shelf.connect(o);
            for (ShelfEvent e : attack) {
                shelf.publish(Topics.event("S1"), Codec.encode(e), 1, false);
            }
            shelf.publish(Topics.event("S1"), Codec.encode(attack.get(5)), 1, false);
            shelf.disconnect();

            TestHttp.authorize(hub.httpPort(), operator);
            await().atMost(WAIT).until(() -> quarantine(hub, "pending").size() == attack.size());
            JsonArray held = quarantine(hub, "pending");
            Map<String, String> kinds = new java.util.HashMap<>();
            for (int i = 0; i < held.size(); i++) {
                JsonObject q = held.getJsonObject(i);
                kinds.put(q.getString("event_id"), q.getString("kind"));
                assertTrue(!q.getString("reason").isBlank(), "a reason for " + q.getString("event_id"));
            }
            assertEquals(Map.of("S1/atk/1", "shelf_clock", "S1/atk/2", "shelf_clock", "S1/atk/3", "planogram_mismatch",
                    "S1/atk/4", "planogram_mismatch", "S1/atk/5", "planogram_mismatch", "S1/atk/6",
                    "implausible_quantity", "S1/atk/7", "implausible_quantity", "S1/atk/8", "planogram_mismatch",
                    "S1/atk/9", "shelf_clock"), kinds);

            assertEquals(List.of(), atk(stores.ledger().events("S1")));
            assertEquals(List.of(), atk(stores.ledger().events(0, Long.MAX_VALUE)));
            assertEquals(stockBefore, stores.ledger().stockByLane("S1"));
            assertEquals(reportsBefore, reports(hub), "sales, pickups and departures as before the attack");

            Set<Alert.Kind> alerted = new java.util.HashSet<>();
            stores.alerts().evaluate(System.currentTimeMillis(), Set.of()).forEach(a -> alerted.add(a.kind()));
            assertTrue(alerted.containsAll(Set.of(Alert.Kind.SHELF_CLOCK, Alert.Kind.PLANOGRAM_MISMATCH,
                    Alert.Kind.IMPLAUSIBLE_QUANTITY)), alerted.toString());

            TestHttp.authorize(hub.httpPort(), staff);
            assertEquals(403, TestHttp.postJson(hub.httpPort(), "/api/v1/ledger/quarantine/decisions",
                    "{\"event_id\":\"S1/atk/6\",\"decision\":\"release\"}").statusCode());
            assertEquals(List.of(), atk(stores.ledger().events("S1")));

            TestHttp.authorize(hub.httpPort(), operator);
            assertEquals(200, TestHttp.postJson(hub.httpPort(), "/api/v1/ledger/quarantine/decisions",
                    "{\"event_id\":\"S1/atk/7\",\"decision\":\"release\"}").statusCode());
            assertEquals(200, TestHttp.postJson(hub.httpPort(), "/api/v1/ledger/quarantine/decisions",
                    "{\"event_id\":\"S1/atk/6\",\"decision\":\"reject\"}").statusCode());
            assertEquals(List.of("S1/atk/7"), atk(stores.ledger().events("S1")));
            assertEquals(stockBefore.getOrDefault("3", 0) + 1000, stores.ledger().stockByLane("S1").get("3"));
            JsonArray all = quarantine(hub, "all");
            JsonObject released = null;
            for (int i = 0; i < all.size(); i++) {
                if (all.getJsonObject(i).getString("event_id").equals("S1/atk/7")) {
                    released = all.getJsonObject(i);
                }
            }
            assertEquals("released", released.getString("decision"));
            assertEquals("op1", released.getString("decided_by"));
            assertEquals(attack.size() - 2, quarantine(hub, "pending").size());
            JsonArray decisions = new JsonObject(TestHttp.get(hub.httpPort(), "/api/v1/ledger/entries?kind=quarantine")
                    .body()).getJsonArray("entries");
            assertEquals(2, decisions.size(), decisions.encode());
            for (int i = 0; i < decisions.size(); i++) {
                assertEquals("op1", decisions.getJsonObject(i).getString("by_user"), "the ledger names who decided");
            }

            // The control: a plausible lift does reach the kiosk, after every attack event was judged.
            shelf.connect(o);
            shelf.publish(Topics.event("S1"), Codec.encode(new org.ssk.protocol.Lift("S1", "ctl", 1,
                    System.currentTimeMillis(), "1", "dy-rice-2500", 2530)), 1, false);
            shelf.disconnect();
            await().atMost(WAIT).until(() -> kiosk.texts().stream().anyMatch(t -> t.contains("S1/ctl/1")));
            assertTrue(kiosk.texts().stream().noneMatch(t -> t.contains("/atk/")), kiosk.texts().toString());
            kiosk.close();
        }
    }

    /** The product report and the departures of this month, as the console shows them. */
    private static String reports(Hub hub) throws Exception {
        var product = TestHttp.get(hub.httpPort(), "/api/v1/reports/product");
        var departures = TestHttp.get(hub.httpPort(), "/api/v1/reports/departures");
        assertEquals(200, product.statusCode(), product.body());
        assertEquals(200, departures.statusCode(), departures.body());
        return product.body() + "\n" + departures.body();
    }

    private static JsonArray quarantine(Hub hub, String state) throws Exception {
        var r = TestHttp.get(hub.httpPort(), "/api/v1/ledger/quarantine?state=" + state);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonArray(r.body());
    }

    private static List<String> atk(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::eventId).filter(id -> id.contains("/atk/")).toList();
    }
}
