package org.ssk.hub.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    /** Two shelves with known secrets, as the hub's credential store would answer. */
    private static final Map<String, String> SECRETS = Map.of("S1", "secret-of-s1", "S2", "secret-of-s2");
    private final ShelfAccess access = new ShelfAccess((shelf, secret) -> secret != null
            && new String(secret, StandardCharsets.UTF_8).equals(SECRETS.get(shelf)));

    @Test
    void portZeroBindsAFreePortThatClientsCanUse() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, null, access)) {
            assertNotEquals(0, broker.port());
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = hub(broker.port(), "sub");
            sub.subscribe("ssk/v1/shelf/+/event", 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            MqttClient pub = shelf(broker.port(), "S1", "secret-of-s1");
            pub.publish("ssk/v1/shelf/S1/event", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 1);
            assertEquals("{\"x\":1}", got.get(0));
            pub.disconnect();
            sub.disconnect();
        }
    }

    @Test
    void anonymousClientsAndWrongPasswordsAreRefused() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, null, access)) {
            MqttException anonymous = assertThrows(MqttException.class, () -> connect(broker.port(), "anon", null, null));
            assertTrue(anonymous.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || anonymous.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION, anonymous.toString());
            assertThrows(MqttException.class, () -> shelf(broker.port(), "S1", "secret-of-s2"));
            assertThrows(MqttException.class, () -> shelf(broker.port(), "S9", "anything"));
            assertThrows(MqttException.class, () -> connect(broker.port(), "x", ShelfAccess.HUB_USER, "guess"));
            assertTrue(access.refusedConnects() >= 4, "refused: " + access.refusedConnects());
        }
    }

    @Test
    void aShelfCannotPublishOrSubscribeUnderAnotherShelf() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, null, access)) {
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient hub = hub(broker.port(), "hub");
            hub.subscribe("ssk/v1/shelf/+/event", 1, (t, m) -> got.add(t));
            MqttClient s2 = shelf(broker.port(), "S2", "secret-of-s2");
            // A forged event for S1 with S2's credentials goes nowhere; S2's own, sent after it on the
            // same connection, arrives. (Moquette drops a refused QoS 1 publish without a PUBACK,
            // so the forged one goes at QoS 0 here and the client is not left waiting.)
            s2.publish("ssk/v1/shelf/S1/event", "{}".getBytes(StandardCharsets.UTF_8), 0, false);
            s2.publish("ssk/v1/shelf/S1/state", "{}".getBytes(StandardCharsets.UTF_8), 0, false);
            s2.publish("ssk/v1/shelf/S2/event", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> got.contains("ssk/v1/shelf/S2/event"));
            assertEquals(List.of("ssk/v1/shelf/S2/event"), got);

            // S2 may not read S1's commands nor everyone's events; it may read its own commands.
            List<String> leaked = new CopyOnWriteArrayList<>();
            MqttClient spy = shelf(broker.port(), "S2", "secret-of-s2");
            int[] granted = spy.subscribeWithResponse(new String[] {"ssk/v1/shelf/S1/cmd", "ssk/v1/shelf/+/event",
                    "ssk/v1/shelf/S2/cmd"}, new int[] {1, 1, 1}).getGrantedQos();
            assertEquals(0x80, granted[0]);
            assertEquals(0x80, granted[1]);
            assertEquals(1, granted[2]);
            spy.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                public void connectionLost(Throwable cause) {
                }

                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                    leaked.add(topic);
                }

                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            hub.publish("ssk/v1/shelf/S1/cmd", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            hub.publish("ssk/v1/shelf/S2/cmd", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> leaked.contains("ssk/v1/shelf/S2/cmd"));
            assertEquals(List.of("ssk/v1/shelf/S2/cmd"), leaked);
            assertTrue(access.refusedTopics() >= 3, "refused topics: " + access.refusedTopics());
        }
    }

    @Test
    void retainedMessagesSurviveARestartWhenPersistedInTheDataDir(@TempDir Path dir) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, dir, access)) {
            MqttClient pub = hub(broker.port(), "pub");
            pub.publish("ssk/v1/shelf/S1/config", "cfg".getBytes(StandardCharsets.UTF_8), 1, true);
            pub.disconnect();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, dir, access)) {
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = shelf(broker.port(), "S1", "secret-of-s1");
            sub.subscribe("ssk/v1/shelf/S1/config", 1, (t, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 1);
            assertEquals("cfg", got.get(0));
            sub.disconnect();
        }
    }

    @Test
    void aTakenPortIsAnErrorThatNamesThePort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            java.io.IOException e = assertThrows(java.io.IOException.class,
                    () -> EmbeddedBroker.start("127.0.0.1", taken.getLocalPort(), null, access));
            assertTrue(e.getMessage().contains(":" + taken.getLocalPort()), e.getMessage());
        }
    }

    private MqttClient hub(int port, String id) throws Exception {
        return connect(port, id, ShelfAccess.HUB_USER, access.hubPassword());
    }

    private static MqttClient shelf(int port, String shelf, String secret) throws Exception {
        return connect(port, org.ssk.protocol.Topics.agentClientId(shelf), shelf, secret);
    }

    private static MqttClient connect(int port, String id, String user, String password) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
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
