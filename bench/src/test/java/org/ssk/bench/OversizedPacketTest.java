package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Topics;

/**
 * Oversized MQTT packets: a payload over the protocol's limit ({@link Codec#MAX_PAYLOAD_BYTES})
 * but within the broker's is refused and counted by the hub; one over the broker's limit (the
 * embedded broker's {@code netty.mqtt.message_size}, 64 KiB; Mosquitto's
 * {@code message_size_limit} as docs/benchmarks.md recommends) never reaches the hub. Either way
 * the next normal event is stored, on each ledger store (SQLite, PostgreSQL).
 */
@Timeout(180)
class OversizedPacketTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void theEmbeddedBrokerRefusesPacketsOverItsLimitAndTheHubCarriesOn(FaultLedger.Store store) throws Exception {
        try (FaultHub hub = new FaultHub(dir, store, 1, null)) {
            sendOversizedThenNormal(hub, hub.hub.brokerUrl());
        }
    }

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void aMosquittoWithAMessageSizeLimitShieldsTheHubTheSameWay(FaultLedger.Store store) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), "message_size_limit 65536\n");
             FaultHub hub = new FaultHub(dir, store, 1, "tcp://127.0.0.1:" + broker.port())) {
            sendOversizedThenNormal(hub, hub.hub.brokerUrl());
        }
    }

    private static void sendOversizedThenNormal(FaultHub hub, String url) throws Exception {
        String topic = Topics.event("S0001");
        MqttClient big = connect(hub, url, "S0001");
        big.publish(topic, padded(20 * 1024), 1, false);
        await().atMost(FaultHub.WAIT).until(() -> tooLarge(hub) == 1);
        try {
            big.publish(topic, padded(100 * 1024), 1, false);
        } catch (org.eclipse.paho.client.mqttv3.MqttException refused) {
            // The broker closes the connection of a client that sends a packet over its limit.
        }
        MqttClient normal = connect(hub, url, "S0001-next");
        Pick p = new Pick("S0001", "e", 1, System.currentTimeMillis(), "1", "sku-0", 1, 500);
        normal.publish(topic, Codec.encode(p), 1, false);
        hub.assertLedgerEquals(List.of(p.id()));
        assertEquals(1, tooLarge(hub), "the 100 KiB packet must not reach the hub");
        normal.disconnect();
        if (big.isConnected()) {
            big.disconnect();
        }
    }

    private static MqttClient connect(FaultHub hub, String url, String id) throws Exception {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        if (hub.hub.internalBrokerPassword() != null) {
            o.setUserName(org.ssk.hub.broker.ShelfAccess.HUB_USER);
            o.setPassword(hub.hub.internalBrokerPassword().toCharArray());
        }
        o.setAutomaticReconnect(false);
        c.connect(o);
        return c;
    }

    /** A pick whose sku-less padding field makes the JSON {@code bytes} long. */
    private static byte[] padded(int bytes) {
        String head = "{\"type\":\"pick\",\"shelf\":\"S0001\",\"pad\":\"";
        return (head + "x".repeat(bytes - head.length() - 2) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static double tooLarge(FaultHub hub) {
        Counter c = hub.hub.metrics().find("ssk_ingest_rejected").tag("reason", "too_large").counter();
        return c == null ? 0 : c.count();
    }
}
