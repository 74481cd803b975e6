package org.ssk.hub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.http.LedgerView;
import org.ssk.hub.ingest.EventAppender;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Topics;

/**
 * A lift reaches the kiosk while its ledger append is still running (the kiosk does not wait for
 * the fsync); a pick still waits for it; both count as stored only once the append returned.
 */
class LiftShownOnReceiptTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static TestHttp.Kiosk kiosk(Hub hub, FakeStorage fake) throws Exception {
        TestHttp.authorize(hub.httpPort(), fake.token(org.ssk.hub.auth.Role.KIOSK));
        return TestHttp.Kiosk.open(hub.httpPort(), "S1");
    }

    @Test
    void aLiftIsShownBeforeItsAppendReturnsAndAPickOnlyAfter() throws Exception {
        FakeStorage fake = new FakeStorage();
        CountDownLatch release = new CountDownLatch(1);
        HubStorage slow = new HubStorage() {
            @Override
            public EventAppender appender() {
                EventAppender inner = fake.appender();
                return e -> {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                    return inner.append(e);
                };
            }

            @Override
            public LedgerView ledgerView() {
                return fake.ledgerView();
            }

            @Override
            public KioskCatalog loadKioskCatalog() {
                return fake.loadKioskCatalog();
            }

            @Override
            public org.ssk.hub.auth.Accounts accounts() {
                return fake.accounts();
            }

            @Override
            public org.ssk.hub.broker.ShelfAccess.Secrets shelfSecrets() {
                return fake.shelfSecrets();
            }

            @Override
            public void close() {
                release.countDown();
                fake.close();
            }
        };
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.toString());
        try (Hub hub = Hub.start(config, slow, List.of());
             TestHttp.Kiosk kiosk = kiosk(hub, fake)) {
            await().atMost(WAIT).until(hub::brokerConnected);
            await().atMost(WAIT).until(() -> !kiosk.frames.isEmpty());
            MqttClient shelf = new MqttClient(hub.brokerUrl(), Topics.agentClientId("S1"), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setUserName("S1");
            o.setPassword(FakeStorage.SHELF_SECRET.toCharArray());
            shelf.connect(o);
            long now = System.currentTimeMillis();
            shelf.publish(Topics.event("S1"), Codec.encode(new Lift("S1", "g", 1, now, "1", "dy-rice-2500", 2500)), 1,
                    false);
            shelf.publish(Topics.event("S1"), Codec.encode(new Pick("S1", "g", 2, now, "1", "dy-rice-2500", 1, 2500)),
                    1, false);

            await().atMost(WAIT).until(() -> kiosk.texts().stream().anyMatch(t -> t.contains("\"lift\"")));
            assertEquals(0, stored(hub));
            assertEquals(0, kiosk.texts().stream().filter(t -> "pick".equals(new JsonObject(t).getString("type")))
                    .count());

            release.countDown();
            await().atMost(WAIT).until(() -> stored(hub) == 2);
            await().atMost(WAIT).until(() -> kiosk.texts().stream()
                    .anyMatch(t -> "pick".equals(new JsonObject(t).getString("type"))));
            assertEquals(1, kiosk.texts().stream().filter(t -> "lift".equals(new JsonObject(t).getString("type")))
                    .count());
            shelf.disconnect();
        }
    }

    private static double stored(Hub hub) {
        Counter c = hub.metrics().find("ssk_ingest_events_stored").counter();
        return c == null ? 0 : c.count();
    }
}
