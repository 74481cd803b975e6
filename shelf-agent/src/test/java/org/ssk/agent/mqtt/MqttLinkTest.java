package org.ssk.agent.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Codec;
import org.ssk.protocol.PayloadException;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Topics;

/**
 * The link's event messages as a subscriber sees them, on the hub's embedded Moquette: a lone
 * event is its JSON object, a backlog arrives as arrays of several events, in order, and a message
 * is re-sent whole after a reconnect when its removal failed. The link reaches the broker through
 * a {@link TcpProxy} the tests cut; the subscriber stays connected.
 */
class MqttLinkTest {
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

    /** Every event-topic payload of one shelf, as it arrived. */
    private static final class Recorder implements AutoCloseable {
        final List<byte[]> payloads = new CopyOnWriteArrayList<>();
        private final MqttClient client;

        private final String shelf;

        Recorder(String shelf) throws MqttException {
            this.shelf = shelf;
            client = new MqttClient(broker.url(), "rec-" + shelf, new MemoryPersistence());
            FirstSubscribe.connectAndSubscribe(client, new MqttConnectOptions(), c -> c.subscribe(Topics.event(shelf),
                    Topics.EVENT_QOS, (topic, m) -> payloads.add(m.getPayload())));
            // As the hub does: a retained config saying how many events a message may carry.
            client.publish(Topics.config(shelf), Codec.encode(new ShelfConfig(shelf, 1, List.of(),
                    Codec.MAX_EVENTS_PER_MESSAGE)), Topics.CONFIG_QOS, true);
        }

        /** Replaces the retained config with one of a hub that takes {@code n} events per message. */
        void hubTakes(int n) throws MqttException {
            client.publish(Topics.config(shelf), Codec.encode(new ShelfConfig(shelf, 2, List.of(), n)),
                    Topics.CONFIG_QOS, true);
        }

        /** Each message's events, decoded as the hub decodes them. */
        List<List<ShelfEvent>> messages() throws PayloadException {
            List<List<ShelfEvent>> out = new ArrayList<>();
            for (byte[] p : payloads) {
                out.add(Codec.decodeEvents(p, rejected -> fail("rejected: " + rejected)));
            }
            return out;
        }

        int eventCount() throws PayloadException {
            return messages().stream().mapToInt(List::size).sum();
        }

        /** The hub's view: seqs once each, in order of first arrival. */
        List<Long> distinctSeqs() throws PayloadException {
            LinkedHashSet<Long> seqs = new LinkedHashSet<>();
            messages().forEach(m -> m.forEach(e -> seqs.add(e.seq())));
            return new ArrayList<>(seqs);
        }

        @Override
        public void close() throws MqttException {
            client.disconnect();
            client.close();
        }
    }

    private static final MqttLink.Inbound IGNORE = new MqttLink.Inbound() {
        @Override
        public void config(ShelfConfig config) {
            // These tests send nothing to the shelf.
        }

        @Override
        public void command(ShelfCommand command) {
            // These tests send nothing to the shelf.
        }
    };

    private static MqttLink link(String shelf, String url, Outbox outbox) throws Exception {
        return new MqttLink(shelf, MqttLink.Settings.of(url, null, null, "ssk-agent-" + shelf).withReconnect(50, 200),
                outbox, IGNORE, "test");
    }

    private static TcpProxy proxy() throws Exception {
        return new TcpProxy(URI.create(broker.url()).getPort());
    }

    private static Pick pick(String shelf, Outbox outbox, long seq) {
        return new Pick(shelf, outbox.epoch(), seq, 1_000 + seq, "1", "rice", 1, 2500);
    }

    private static void append(String shelf, Outbox outbox, int n) throws Exception {
        for (long s = outbox.lastSeq() + 1, end = outbox.lastSeq() + n; s <= end; s++) {
            outbox.append(pick(shelf, outbox, s));
        }
    }

    private static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    /** Every message holds consecutive seqs, as the outbox ordered them. */
    private static void assertEachMessageIsARunOfTheOutbox(List<List<ShelfEvent>> messages) {
        for (List<ShelfEvent> m : messages) {
            for (int i = 1; i < m.size(); i++) {
                assertEquals(m.get(i - 1).seq() + 1, m.get(i).seq(), "a message is consecutive events: " + m);
            }
        }
    }

    @Test
    void aBacklogStoredWhileDisconnectedArrivesAsArraysOfSeveralEventsInOrderAndEmptiesTheOutbox()
            throws Exception {
        String shelf = "MB1";
        try (Recorder hub = new Recorder(shelf); TcpProxy proxy = proxy();
             Outbox outbox = Outbox.open(dataDir, 10_000)) {
            proxy.cut();
            try (MqttLink link = link(shelf, proxy.url(), outbox)) {
                link.start();
                append(shelf, outbox, 300);
                link.eventAppended();
                assertTrue(!link.connected() && outbox.pendingCount() == 300);
                proxy.restore();
                await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0);
                await().atMost(PATIENCE).until(() -> hub.eventCount() >= 300);

                List<List<ShelfEvent>> messages = hub.messages();
                assertEquals(oneTo(300), hub.distinctSeqs(), "every event, in order");
                assertEquals(300, hub.eventCount(), "each exactly once, no resend was needed");
                assertTrue(messages.size() <= 300 / 32, messages.size() + " messages for 300 events");
                assertEquals(Codec.MAX_EVENTS_PER_MESSAGE, messages.getFirst().size(), "the first message is full");
                for (byte[] p : hub.payloads) {
                    assertEquals('[', p[0], "a several-event message is a JSON array");
                }
                assertEachMessageIsARunOfTheOutbox(messages);
            }
        }
    }

    @Test
    void aHubWhoseConfigSaysOneEventPerMessageGetsNoArrays() throws Exception {
        String shelf = "MO1";
        try (Recorder hub = new Recorder(shelf); TcpProxy proxy = proxy();
             Outbox outbox = Outbox.open(dataDir, 10_000)) {
            hub.hubTakes(1);
            proxy.cut();
            try (MqttLink link = link(shelf, proxy.url(), outbox)) {
                link.start();
                append(shelf, outbox, 40);
                link.eventAppended();
                proxy.restore();
                await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0 && hub.eventCount() >= 40);
                assertEquals(oneTo(40), hub.distinctSeqs());
                for (byte[] p : hub.payloads) {
                    assertEquals('{', p[0], "one event per message, as the hub said");
                }
            }
        }
    }

    @Test
    void aSingleEventPublishedWhileIdleArrivesAloneAsAPlainJsonObject() throws Exception {
        String shelf = "MS1";
        try (Recorder hub = new Recorder(shelf); Outbox outbox = Outbox.open(dataDir, 10_000);
             MqttLink link = link(shelf, broker.url(), outbox)) {
            link.start();
            await().atMost(PATIENCE).until(link::connected);
            Pick lift = pick(shelf, outbox, 1);
            outbox.append(lift);
            link.eventAppended();
            await().atMost(PATIENCE).until(() -> hub.payloads.size() == 1 && outbox.pendingCount() == 0);

            byte[] payload = hub.payloads.getFirst();
            assertEquals('{', payload[0], "one event is its own object, not an array");
            assertEquals(lift, Codec.decodeEvent(payload));
            assertEquals(List.of(List.of(lift)), hub.messages());
        }
    }

    @Test
    void acknowledgedMessagesTheOutboxCouldNotRemoveAreResentWholeAfterAReconnect() throws Exception {
        String shelf = "MR1";
        try (Recorder hub = new Recorder(shelf); TcpProxy proxy = proxy();
             Outbox outbox = Outbox.open(dataDir, 10_000)) {
            proxy.cut();
            try (MqttLink link = link(shelf, proxy.url(), outbox)) {
                link.start();
                append(shelf, outbox, 200);
                // A read-only outbox: PUBACKs arrive but the rows stay, as on a full SD card.
                outbox.pragmaOnWriter("query_only = 1");
                link.eventAppended();
                proxy.restore();
                await().atMost(PATIENCE).until(() -> hub.eventCount() >= 200);
                assertEquals(200, outbox.pendingCount(), "nothing could be removed");

                proxy.cut();
                await().atMost(PATIENCE).until(() -> !link.connected());
                proxy.restore();
                await().atMost(PATIENCE).until(() -> hub.eventCount() >= 400);
                outbox.pragmaOnWriter("query_only = 0");
                await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0);

                List<List<ShelfEvent>> messages = hub.messages();
                assertEquals(oneTo(200), hub.distinctSeqs(), "the hub's view: every event once, in order");
                List<Long> all = new ArrayList<>();
                messages.forEach(m -> m.forEach(e -> all.add(e.seq())));
                List<Long> twice = new ArrayList<>(oneTo(200));
                twice.addAll(oneTo(200));
                assertEquals(twice, all.subList(0, 400), "sent in order, then re-sent from the oldest in order");
                assertTrue(messages.stream().allMatch(m -> m.size() > 1), "the re-send is packed too");
                assertEachMessageIsARunOfTheOutbox(messages);
            }
        }
    }
}
