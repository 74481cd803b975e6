package org.ssk.hub.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.Hub;
import org.ssk.hub.HubConfig;
import org.ssk.hub.auth.ShelfCredentials;
import org.ssk.hub.TestAgents;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Topics;

/**
 * The MQTT attacks of issue 13, performed for real against a hub with its embedded broker: a
 * stolen login of shelf S1 (its id and secret) goes after shelf S2, whose real agent runs on a
 * simulated shelf, and after the hub's own ingest. Afterwards the ledger is compared with what S2's
 * agent produced: no forged row, no lost row.
 */
@Order(2)
class MqttAttackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    JdbcStorage stores;
    Hub hub;
    ShelfAgent s2;
    SimulatedShelf shelf;
    String s1Secret;
    final List<ShelfEvent> truth = new CopyOnWriteArrayList<>();
    final List<String> seenByHubSide = new CopyOnWriteArrayList<>();
    MqttClient watcher;

    @BeforeEach
    void start() throws Exception {
        HubConfig config = HubConfig.defaults().withHttpPort(0).withMqttPort(0).withDataDir(dir.resolve("hub").toString());
        stores = JdbcStorage.openWithSampleCatalog(config);
        hub = Hub.start(config, stores, List.of());
        await().atMost(WAIT).until(hub::brokerConnected);
        s1Secret = stores.shelfCredentials().issue("S1");
        AgentConfig ac = TestAgents.config(hub.catalog().shelf("S2").orElseThrow(), hub.brokerUrl(),
                stores.shelfCredentials().issue("S2"), dir.resolve("agent"));
        shelf = ShelfAgent.simulatedShelf(ac, SimulatedShelf.Options.defaults().withActivity(SimulatedShelf.Activity.IDLE));
        s2 = ShelfAgent.start(ac, shelf, ShelfAgent.standardDetector(ac),
                ShelfAgent.Options.defaults().withReconnect(100, 1_000).withOnStored(truth::add));
        await().atMost(WAIT).until(() -> s2.connected() && s2.hubConfig().isPresent());
        watcher = connect(org.ssk.hub.broker.ShelfAccess.HUB_USER, hub.internalBrokerPassword(), "watcher", null);
        watcher.subscribe(new String[] {"ssk/v1/shelf/S2/#"}, new int[] {1},
                new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {(t, m) -> seenByHubSide.add(t + " "
                        + new String(m.getPayload(), StandardCharsets.UTF_8))});
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher != null && watcher.isConnected()) {
            watcher.disconnect();
        }
        if (s2 != null) {
            s2.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aStolenShelfLoginCannotSetItsWillToAnotherShelfsTopicsAndS2KeepsTheHubsConfig() throws Exception {
        long hubsVersion = s2.hubConfig().orElseThrow().version();
        Pick forgedPick = new Pick("S2", "forged", 1, System.currentTimeMillis(), "1",
                hub.catalog().skuAt("S2", "1").orElseThrow(), 1, 500);
        byte[] forgedConfig = Codec.encode(new ShelfConfig("S2", 99, List.of()));
        List<Will> wills = List.of(new Will(Topics.event("S2"), Codec.encode(forgedPick), false),
                new Will(Topics.config("S2"), forgedConfig, true), new Will(Topics.cmd("S2"), "{}".getBytes(), false),
                new Will(Topics.ack("S2"), "{}".getBytes(), false), new Will(Topics.event("S1"), Codec.encode(forgedPick), false),
                new Will(Topics.state("S1"), "{}".getBytes(), false));
        for (Will w : wills) {
            MqttException refused = assertThrows(MqttException.class,
                    () -> connect("S1", s1Secret, Topics.agentClientId("S1"), w), "will on " + w.topic());
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(), refused.toString());
        }
        // The control: the one will a shelf may set is accepted, and it does fire when the link drops.
        MqttClient honest = connect("S1", s1Secret, Topics.agentClientId("S1"),
                new Will(Topics.state("S1"), "{\"will\":1}".getBytes(StandardCharsets.UTF_8), true));
        List<String> s1State = new CopyOnWriteArrayList<>();
        watcher.subscribe(Topics.state("S1"), 1, (t, m) -> s1State.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        honest.disconnectForcibly(0, 100, false);
        await().atMost(WAIT).until(() -> s1State.contains("{\"will\":1}"));
        honest.close();

        pickAndAwaitStored();
        assertEquals(hubsVersion, s2.hubConfig().orElseThrow().version());
        assertTrue(seenByHubSide.stream().noneMatch(m -> m.contains("forged") || m.contains("\"version\":99")),
                seenByHubSide.toString());
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aShelfLoginCannotUseTheHubsOrAnotherShelfsClientIdAndNothingIsLost() throws Exception {
        long before = refusedConnects();
        for (String id : List.of(Topics.HUB_CLIENT_ID, Topics.agentClientId("S2"), Topics.probeClientId("S2"), "S1", "")) {
            assertThrows(MqttException.class, () -> connect("S1", s1Secret, id.isEmpty() ? "x" : id, null), id);
        }
        assertTrue(refusedConnects() >= before + 5);
        assertTrue(hub.brokerConnected());
        assertTrue(s2.connected());
        pickAndAwaitStored();
        assertLedgerHoldsExactlyTheTruth();
    }

    @Test
    void aRevokedShelfIsDisconnectedAndItsLaterEventsAreNotStored() throws Exception {
        MqttClient thief = connect("S1", s1Secret, Topics.agentClientId("S1"), null);
        stores.shelfCredentials().revoke("S1");
        await().atMost(WAIT).until(() -> !thief.isConnected());
        Pick late = new Pick("S1", "stolen", 1, System.currentTimeMillis(), "1",
                hub.catalog().skuAt("S1", "1").orElseThrow(), 1, 500);
        assertThrows(MqttException.class, () -> thief.publish(Topics.event("S1"), Codec.encode(late), 1, false));
        assertThrows(MqttException.class, () -> connect("S1", s1Secret, Topics.agentClientId("S1"), null));
        thief.close();

        // Rotation: a new secret ends the session opened with the old one, from the command line too
        // (another ShelfCredentials on the same database, as hub-server shelf-credentials runs).
        String second = stores.shelfCredentials().issue("S1");
        MqttClient rotated = connect("S1", second, Topics.agentClientId("S1"), null);
        ShelfCredentials cli = new ShelfCredentials(stores.database(), java.time.Clock.systemUTC());
        cli.issue("S1");
        await().atMost(Duration.ofSeconds(ShelfCredentials.REREAD_MS / 1000 + 20)).until(() -> !rotated.isConnected());
        rotated.close();

        pickAndAwaitStored();
        assertTrue(stores.ledger().events("S1").stream().noneMatch(e -> e.eventId().startsWith("S1/stolen/")));
        assertLedgerHoldsExactlyTheTruth();
    }

    private void pickAndAwaitStored() {
        int before = truth.size();
        shelf.lift("1", 1);
        await().atMost(WAIT).until(() -> truth.stream().skip(before).anyMatch(e -> e instanceof Pick));
        await().atMost(WAIT).until(() -> ledgerIds("S2").containsAll(ids(truth)));
    }

    private void assertLedgerHoldsExactlyTheTruth() throws Exception {
        await().atMost(WAIT).until(() -> s2.outboxPending() == 0);
        assertEquals(ids(truth), ledgerIds("S2"));
        assertFalse(truth.isEmpty());
    }

    private Set<String> ledgerIds(String shelfId) throws Exception {
        List<String> all = stores.ledger().events(shelfId).stream().map(e -> e.eventId()).toList();
        assertEquals(all.size(), Set.copyOf(all).size(), "an id stored twice: " + all);
        return Set.copyOf(all);
    }

    private static Set<String> ids(List<ShelfEvent> events) {
        return events.stream().map(ShelfEvent::id).collect(Collectors.toSet());
    }

    private long refusedConnects() {
        return (long) hub.metrics().find("ssk_broker_refused_connects").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private record Will(String topic, byte[] payload, boolean retained) {
    }

    private MqttClient connect(String user, String password, String clientId, Will will) throws Exception {
        MqttClient c = new MqttClient(hub.brokerUrl(), clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no second try as 3.1 after a refusal
        o.setCleanSession(true);
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(10);
        if (will != null) {
            o.setWill(will.topic(), will.payload(), 1, will.retained());
        }
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
