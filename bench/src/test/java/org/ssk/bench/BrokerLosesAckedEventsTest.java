package org.ssk.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Topics;

/**
 * The broker acknowledges events (PUBACK) and then loses them before the hub has them: with only
 * the PUBACK, agents would have deleted them. With the hub's end-to-end ack they stay in the
 * agents' outboxes and are sent again; the ledger (SQLite, then PostgreSQL) ends with every event
 * exactly once. Private Mosquittos (anonymous, as the bench runs them) stand for the broker.
 */
@Timeout(300)
@Order(2)
class BrokerLosesAckedEventsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void eventsAPersistencelessBrokerLostInARestartWhileTheHubWasDownAreStoredOnceWhole(FaultLedger.Store store)
            throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), "persistence false\n");
             FaultLedger ledger = FaultLedger.create(store, dir.resolve("ledger"), 3)) {
            String url = "tcp://127.0.0.1:" + broker.port();
            List<AgentPublisher> agents = agents(url);
            FaultHub hub = FaultHub.on(dir, ledger, url);
            try {
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(50);
                }
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 150);
                hub.close();
                // The hub's persistent session now queues the burst in the broker's memory only.
                AtomicInteger queued = watchEvents(url);
                for (AgentPublisher a : agents) {
                    a.picks(100);
                }
                await().atMost(FaultHub.WAIT).until(() -> queued.get() >= 300);
                broker.stop(true);
                broker.restart();
                try (FaultHub again = FaultHub.on(dir, ledger, url)) {
                    await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(a -> a.pending() == 0));
                    again.assertLedgerEquals(FaultHub.all(agents));
                }
            } finally {
                close(agents);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void eventsSentWhileTheHubsSessionIsTakenOverAndClearedAreStoredOnceWhole(FaultLedger.Store store) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), "");
             FaultHub hub = new FaultHub(dir, store, 3, "tcp://127.0.0.1:" + broker.port())) {
            String url = "tcp://127.0.0.1:" + broker.port();
            List<AgentPublisher> agents = agents(url);
            AtomicBoolean usurping = new AtomicBoolean(true);
            Thread usurper = new Thread(() -> usurp(url, usurping), "usurper");
            try {
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(AgentPublisher::connected));
                for (AgentPublisher a : agents) {
                    a.picks(50);
                }
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= 150);
                // Someone takes the hub's client id with a clean session, again and again: the
                // broker discards the hub's session and what it queued, after acknowledging it.
                usurper.start();
                for (int i = 0; i < 10; i++) {
                    for (AgentPublisher a : agents) {
                        a.picks(20);
                    }
                    await().pollDelay(java.time.Duration.ofMillis(200)).until(() -> true);
                }
                usurping.set(false);
                usurper.join();
                await().atMost(FaultHub.WAIT).until(() -> agents.stream().allMatch(a -> a.pending() == 0));
                hub.assertLedgerEquals(FaultHub.all(agents));
            } finally {
                usurping.set(false);
                close(agents);
            }
        }
    }

    private List<AgentPublisher> agents(String url) throws Exception {
        return List.of(new AgentPublisher("S0001", url, null, null, dir, 1_000),
                new AgentPublisher("S0002", url, null, null, dir, 1_000),
                new AgentPublisher("S0003", url, null, null, dir, 1_000));
    }

    private static void close(List<AgentPublisher> agents) throws Exception {
        for (AgentPublisher a : agents) {
            a.close();
        }
    }

    /** Counts event messages the broker routes (it has acknowledged them to their agents). */
    private static AtomicInteger watchEvents(String url) throws Exception {
        AtomicInteger n = new AtomicInteger();
        MqttClient c = new MqttClient(url, "watcher-" + System.nanoTime(), new MemoryPersistence());
        c.connect();
        c.subscribe(Topics.ALL_EVENTS, 1, (t, m) -> n.addAndGet(org.ssk.protocol.Codec.decodeEvents(m.getPayload(),
                bad -> { }).size()));
        return n;
    }

    private static void usurp(String url, AtomicBoolean going) {
        while (going.get()) {
            MqttClient c = null;
            try {
                c = new MqttClient(url, Topics.HUB_CLIENT_ID, new MemoryPersistence());
                // Paho can wait forever for a CONNACK when its connection is taken over meanwhile.
                c.setTimeToWait(2_000);
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(true);
                o.setConnectionTimeout(2);
                c.connect(o);
                c.disconnectForcibly(0, 500, false);
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                // The hub took its id back meanwhile: try again.
            } finally {
                closeQuietly(c);
            }
        }
    }

    private static void closeQuietly(MqttClient c) {
        try {
            if (c != null) {
                c.close(true);
            }
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            // Already closed.
        }
    }
}
