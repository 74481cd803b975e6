package org.ssk.hub.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    /** No shelf gets in; these clients connect as the hub, which may use every topic. */
    static final ShelfAccess ACCESS = new ShelfAccess((shelf, secret) -> false);

    @Test
    void portZeroBindsAFreePortThatClientsCanUse() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, null, ACCESS)) {
            assertNotEquals(0, broker.port());
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = connect(broker.port(), "sub");
            sub.subscribe("ssk/v1/shelf/+/event", 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            MqttClient pub = connect(broker.port(), "pub");
            pub.publish("ssk/v1/shelf/S1/event", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            assertEquals("{\"x\":1}", got.get(0));
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void retainedMessagesSurviveARestartWhenPersistedInTheDataDir(@TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, dir, ACCESS)) {
            port = broker.port();
            MqttClient pub = connect(port, "pub");
            pub.publish("ssk/v1/shelf/S1/config", "cfg".getBytes(StandardCharsets.UTF_8), 1, true);
            pub.disconnect();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, dir, ACCESS)) {
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = connect(broker.port(), "sub2");
            sub.subscribe("ssk/v1/shelf/S1/config", 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            assertEquals("cfg", got.get(0));
            sub.disconnect();
        }
    }

    @Test
    void aTakenPortIsAnErrorThatNamesThePort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> EmbeddedBroker.start("127.0.0.1", taken.getLocalPort(), null, ACCESS));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(":" + taken.getLocalPort()),
                    e.getMessage());
        }
    }

    private static MqttClient connect(int port, String id) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setUserName(ShelfAccess.HUB_USER);
        o.setPassword(ACCESS.hubPassword().toCharArray());
        c.connect(o);
        return c;
    }
}
