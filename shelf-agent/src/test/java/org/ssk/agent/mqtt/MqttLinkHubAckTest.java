package org.ssk.agent.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Codec;
import org.ssk.protocol.HubAck;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Topics;

/**
 * The end-to-end acknowledgement as the agent sees it: with a hub that acknowledges, an event
 * leaves the outbox only when the hub names it and is sent again while it does not; with an older
 * hub's config (no {@code hub_acks}) the broker's PUBACK removes it as before. A Paho client plays
 * the hub on a Moquette broker.
 */
class MqttLinkHubAckTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static Moquette broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new Moquette();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static final MqttLink.Inbound IGNORE = new MqttLink.Inbound() {
        @Override
        public void config(ShelfConfig config) {
            // Nothing to apply here.
        }

        @Override
        public void command(ShelfCommand command) {
            // Nothing to apply here.
        }
    };

    /** A hub that receives events and acknowledges only when told to. */
    private static final class FakeHub implements AutoCloseable {
        final List<ShelfEvent> received = new CopyOnWriteArrayList<>();
        final MqttClient client;

        FakeHub(String shelf, boolean acks) throws Exception {
            client = new MqttClient(broker.url(), "hub-" + shelf, new MemoryPersistence());
            FirstSubscribe.connectAndSubscribe(client, new MqttConnectOptions(), c -> c.subscribe(Topics.event(shelf),
                    Topics.EVENT_QOS, (t, m) -> received.addAll(Codec.decodeEvents(m.getPayload(), r -> { }))));
            client.publish(Topics.config(shelf), Codec.encode(new ShelfConfig(shelf, 1, List.of(),
                    Codec.MAX_EVENTS_PER_MESSAGE, acks)), Topics.CONFIG_QOS, true);
        }

        void ack(String shelf, List<String> ids) throws Exception {
            client.publish(Topics.ack(shelf), Codec.encode(new HubAck(shelf, ids)), Topics.ACK_QOS, false);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    private MqttLink link(String shelf, Outbox outbox) throws Exception {
        return new MqttLink(shelf, MqttLink.Settings.of(broker.url(), null, null, Topics.agentClientId(shelf))
                .withReconnect(50, 200).withHubAckTimeout(300), outbox, IGNORE, "test");
    }

    private static List<String> appendPicks(String shelf, Outbox outbox, int n) throws Exception {
        for (long s = 1; s <= n; s++) {
            outbox.append(new Pick(shelf, outbox.epoch(), s, 1_000 + s, "1", "rice", 1, 2500));
        }
        return java.util.stream.LongStream.rangeClosed(1, n).mapToObj(s -> shelf + "/" + outbox.epoch() + "/" + s)
                .toList();
    }

    @Test
    void anEventLeavesTheOutboxOnlyWhenTheHubNamesItAndIsSentAgainUntilThen() throws Exception {
        try (Outbox outbox = Outbox.open(dataDir, 1000); FakeHub hub = new FakeHub("HA1", true);
             MqttLink link = link("HA1", outbox)) {
            List<String> ids = appendPicks("HA1", outbox, 3);
            link.start();
            // The broker acknowledged the first sending long before the hub sees it a second time.
            await().atMost(PATIENCE).until(() -> hub.received.size() >= 6);
            assertEquals(3, outbox.pendingCount());
            hub.ack("HA1", List.of(ids.get(0), ids.get(1)));
            await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 1);
            assertEquals(3L, outbox.pending(0, 10).getFirst().seq());
            hub.ack("HA1", List.of(ids.get(2)));
            await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0);
        }
    }

    @Test
    void anAckNamingAnotherEpochRemovesNothing() throws Exception {
        try (Outbox outbox = Outbox.open(dataDir, 1000); FakeHub hub = new FakeHub("HA2", true);
             MqttLink link = link("HA2", outbox)) {
            appendPicks("HA2", outbox, 2);
            link.start();
            await().atMost(PATIENCE).until(() -> hub.received.size() >= 2);
            hub.ack("HA2", List.of("HA2/other/1", "HA2/other/2"));
            // Resent at least twice more after that ack: it was read and changed nothing.
            int seen = hub.received.size();
            await().atMost(PATIENCE).until(() -> hub.received.size() >= seen + 4);
            assertEquals(2, outbox.pendingCount());
        }
    }

    @Test
    void withAnOlderHubsConfigThePubackRemovesTheEvents() throws Exception {
        try (Outbox outbox = Outbox.open(dataDir, 1000); FakeHub hub = new FakeHub("HA3", false);
             MqttLink link = link("HA3", outbox)) {
            appendPicks("HA3", outbox, 3);
            link.start();
            await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0);
            assertEquals(3, hub.received.size());
        }
    }
}
