package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Topics;

/**
 * A thousand shelves lose the broker at once (it restarts) and all reconnect together with the
 * hub; afterwards each shelf's next event is stored once, and every shelf's retained config is
 * back on the broker for its agent. On each ledger store (SQLite, PostgreSQL).
 */
@Timeout(180)
@Order(1)
class ReconnectStormTest {
    static final int SHELVES = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void aThousandShelvesReconnectingAtOnceAreAllServed(FaultLedger.Store store) throws Exception {
        Vertx load = Vertx.vertx();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             FaultHub hub = new FaultHub(dir, store, SHELVES, "tcp://127.0.0.1:" + broker.port());
             ShelfFleet fleet = new ShelfFleet(load)) {
            fleet.connect("127.0.0.1", broker.port(), SHELVES, 10);
            fleet.reconnect = true;
            broker.stop(false);
            await().atMost(FaultHub.WAIT).until(() -> !hub.hub.brokerConnected());
            broker.restart();
            await().atMost(FaultHub.WAIT).until(() -> fleet.reconnected.get() == SHELVES && hub.hub.brokerConnected());

            ShelfFleet.await(fleet.burst(1, 1, 1));
            hub.assertLedgerEquals(List.copyOf(fleet.burstIds));
            assertEquals(SHELVES, retainedConfigs(load, broker.port()).size());
        } finally {
            ShelfFleet.await(load.close());
        }
    }

    /** Shelves with a retained config on the broker, as a fresh subscriber sees them. */
    private static Set<String> retainedConfigs(Vertx vertx, int port) throws Exception {
        Set<String> shelves = ConcurrentHashMap.newKeySet();
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("config-reader"));
        c.publishHandler(m -> Topics.parse(m.topicName()).ifPresent(t -> shelves.add(t.shelf())));
        ShelfFleet.await(c.connect(port, "127.0.0.1"));
        ShelfFleet.await(c.subscribe(Topics.SHELF_ROOT + "+/config", MqttQoS.AT_LEAST_ONCE.value()));
        try {
            await().atMost(FaultHub.WAIT).until(() -> shelves.size() >= SHELVES);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return shelves;
        } finally {
            c.disconnect();
        }
        return shelves;
    }
}
