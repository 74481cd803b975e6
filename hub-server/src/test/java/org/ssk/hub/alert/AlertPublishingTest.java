package org.ssk.hub.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.broker.ShelfAccess;
import org.ssk.protocol.Topics;

/** An alert raised and cleared reaches MQTT {@code ssk/v1/hub/alert} and the configured webhook, which is retried. */
class AlertPublishingTest {
    private static List<JsonObject> offline(List<JsonObject> alerts) {
        return alerts.stream().filter(j -> "shelf_offline".equals(j.getString("kind")) && "S2".equals(j.getString("shelf")))
                .toList();
    }

    @Test
    void raisedAndClearedAlertsGoToMqttAndToTheWebhookWhichIsRetried(@TempDir Path dir) throws Exception {
        List<JsonObject> hooked = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            // The first delivery fails: the publisher must try again.
            int status = calls.incrementAndGet() == 1 ? 503 : 204;
            if (status == 204) {
                hooked.add(new JsonObject(new String(body, StandardCharsets.UTF_8)));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        webhook.start();
        HubConfig config = HubConfig.load(null, java.util.Map.of("SSK_ALERT_WEBHOOK_URL",
                "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook")).withHttpPort(0).withMqttPort(0)
                .withDataDir(dir.toString());
        JdbcStorage stores = JdbcStorage.openWithSampleCatalog(config);
        try (Hub hub = Hub.start(config, stores, List.of())) {
            await().atMost(Duration.ofSeconds(30)).until(hub::brokerConnected);
            List<JsonObject> onMqtt = new CopyOnWriteArrayList<>();
            MqttClient sub = new MqttClient(hub.brokerUrl(), "alert-reader", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName(ShelfAccess.HUB_USER);
            o.setPassword(hub.internalBrokerPassword().toCharArray());
            sub.connect(o);
            sub.subscribe(Topics.ALERTS, 1, (t, m) -> onMqtt.add(new JsonObject(new String(m.getPayload(),
                    StandardCharsets.UTF_8))));

            stores.alerts().evaluate(System.currentTimeMillis(), Set.of("S2"));
            stores.alerts().evaluate(System.currentTimeMillis(), Set.of());

            // Other alerts (the sample shelves start empty: low stock) are published too; look for ours.
            await().atMost(Duration.ofSeconds(30)).until(() -> offline(onMqtt).size() == 2 && offline(hooked).size() == 2);
            for (List<JsonObject> got : List.of(offline(onMqtt), offline(hooked))) {
                // A retried delivery may arrive after a later one; receivers order by raised_ms/cleared_ms.
                assertEquals(Set.of("raised", "cleared"), got.stream().map(j -> j.getString("state"))
                        .collect(java.util.stream.Collectors.toSet()));
                assertEquals(got.get(0).getLong("id"), got.get(1).getLong("id"));
            }
            assertEquals(calls.get(), hooked.size() + 1, "the one failed delivery was tried again");
            sub.disconnect();
        } finally {
            webhook.stop(0);
        }
    }
}
