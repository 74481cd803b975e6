package org.ssk.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.mqtt.HubProbe;
import org.ssk.agent.mqtt.Mosquitto;
import org.ssk.agent.mqtt.TcpProxy;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.ShelfState;

/**
 * The agent against a real, private Mosquitto, with a probe subscriber playing the hub (dedup by
 * id). The broker outage lasts {@code ssk.test.outageMs} (default 3 s, standing in for a minute).
 */
class ShelfAgentMqttTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long OUTAGE_MS = Long.getLong("ssk.test.outageMs", 3_000);

    @TempDir
    static Path brokerDir;
    static Mosquitto broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static SimulatedShelf.Options scripted() {
        return SimulatedShelf.Options.defaults().withSpeed(8).withActivity(SimulatedShelf.Activity.SCRIPTED)
                .withScriptPeriodMs(1_000);
    }

    private static ShelfAgent.Options recording(TestShelves.Stored stored) {
        return ShelfAgent.Options.defaults().withReconnect(100, 500).withOnStored(stored.events::add);
    }

    private static void assertHubSawExactlyTheStoredEvents(TestShelves.Stored stored, HubProbe hub) {
        List<ShelfEvent> seen = hub.events();
        assertEquals(stored.ids(), hub.eventIds(), "the hub's deduplicated view, in first-arrival order");
        assertEquals(stored.events, seen);
        long[] seqs = seen.stream().mapToLong(ShelfEvent::seq).toArray();
        assertTrue(java.util.Arrays.equals(LongStream.rangeClosed(1, seqs.length).toArray(), seqs),
                "no gaps, in order: " + java.util.Arrays.toString(seqs));
        Map<String, ShelfEvent> first = new HashMap<>();
        for (ShelfEvent e : hub.arrivals()) {
            assertEquals(first.computeIfAbsent(e.id(), k -> e), e, "a redelivery carries the same event");
        }
    }

    @Test
    void everyStoredEventReachesTheHubInOrderWithStateAndTelemetry() throws Exception {
        AgentConfig config = TestShelves.config("RT1", broker.url(), dataDir);
        TestShelves.Stored stored = new TestShelves.Stored();
        try (HubProbe hub = new HubProbe(broker.url(), "probe-rt1")) {
            SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, scripted());
            ShelfAgent agent = ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config), recording(stored));
            await().atMost(PATIENCE).until(() -> stored.events.size() >= 8);
            shelf.close();
            await().atMost(PATIENCE).until(() -> hub.eventIds().containsAll(stored.ids()));
            await().atMost(PATIENCE).until(() -> agent.outboxPending() == 0);
            agent.close();

            assertHubSawExactlyTheStoredEvents(stored, hub);
            assertTrue(stored.events.stream().anyMatch(e -> e instanceof Pick p && p.sku().equals("rice")));
            assertTrue(stored.events.stream().anyMatch(e -> e instanceof Putback));
            assertEquals(ShelfState.Status.ONLINE, hub.states().getFirst().status());
            await().atMost(PATIENCE).until(() -> hub.states().getLast().status() == ShelfState.Status.OFFLINE);
            assertTrue(hub.telemetry().stream().anyMatch(t -> t.shelf().equals("RT1") && t.lanes().size() == 2
                    && t.lanes().getFirst().count() > 0 && t.proximityMm() != null), hub.telemetry().toString());
            long wholeItem = stored.events.stream().filter(e -> e instanceof Pick || e instanceof Putback
                    || e instanceof org.ssk.protocol.Restock).count();
            assertEquals(wholeItem, agent.changes().counted(), "every whole-item change is counted for telemetry");
            assertTrue(hub.telemetry().stream().allMatch(t -> t.changes() != null && t.changes().counted() <= wholeItem
                    && t.changes().unseen() <= t.changes().counted()), hub.telemetry().toString());
            assertEquals(List.of(), hub.rejected());
        }
    }

    @Test
    void eventsPickedWhileTheBrokerIsDownArriveOnceInOrderWhenItReturns() throws Exception {
        TestShelves.Stored stored = new TestShelves.Stored();
        // The agent goes through a proxy that keeps a port of its own while the broker is down: a
        // parallel test may take the broker's port meanwhile, and the agent must not deliver there.
        try (HubProbe hub = new HubProbe(broker.url(), "probe-out1");
             TcpProxy proxy = new TcpProxy(URI.create(broker.url()).getPort())) {
            AgentConfig config = TestShelves.config("OUT1", proxy.url(), dataDir);
            SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, scripted());
            try (ShelfAgent agent = ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config),
                    recording(stored))) {
                await().atMost(PATIENCE).until(() -> hub.events().size() >= 3);

                broker.stop();
                int before = stored.events.size();
                long down = System.nanoTime();
                await().atMost(PATIENCE).until(() -> stored.events.size() >= before + 6
                        && (System.nanoTime() - down) / 1_000_000 >= OUTAGE_MS);
                assertTrue(agent.outboxPending() >= 6, "events wait in the outbox: " + agent.outboxPending());
                broker.start();

                await().atMost(PATIENCE).until(() -> stored.events.size() >= before + 12);
                shelf.close();
                await().atMost(PATIENCE).until(() -> hub.eventIds().containsAll(stored.ids()));
                await().atMost(PATIENCE).until(() -> agent.outboxPending() == 0);
            }
            assertHubSawExactlyTheStoredEvents(stored, hub);
        }
    }

    @Test
    void theHubsConfigRetunesTheLanesAndIsKeptForAStartWithoutTheHub() throws Exception {
        AgentConfig config = TestShelves.config("CF1", broker.url(), dataDir);
        TestShelves.Stored stored = new TestShelves.Stored();
        SimulatedShelf.Options idle = SimulatedShelf.Options.defaults().withSpeed(4)
                .withActivity(SimulatedShelf.Activity.IDLE);
        try (HubProbe hub = new HubProbe(broker.url(), "probe-cf1")) {
            // Half-size bags under a new SKU: one 2.5 kg item lifted is now two of them.
            hub.publishConfig(new ShelfConfig("CF1", 3, List.of(
                    new ShelfConfig.LaneConfig("1", "rice-1250", 1250, "东源客家大米 1.25kg"))));
            SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, idle);
            try (ShelfAgent agent = ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config),
                    recording(stored))) {
                await().atMost(PATIENCE).until(() -> agent.hubConfig().map(ShelfConfig::version).orElse(0L) == 3
                        && agent.samplesRead() >= 2 * 80);
                shelf.lift("1", 1);
                await().atMost(PATIENCE).until(() -> stored.events.stream().anyMatch(e -> e instanceof Pick));
            }
            Pick pick = (Pick) stored.events.stream().filter(e -> e instanceof Pick).findFirst().orElseThrow();
            assertEquals("rice-1250", pick.sku());
            assertEquals(2, pick.qty());
            assertTrue(Files.exists(dataDir.resolve("shelf-config.json")));
        }

        AgentConfig offline;
        try (ServerSocket s = new ServerSocket(0)) {
            offline = TestShelves.config("CF1", "tcp://127.0.0.1:" + s.getLocalPort(), dataDir);
        }
        TestShelves.Stored later = new TestShelves.Stored();
        SimulatedShelf shelf = ShelfAgent.simulatedShelf(offline, idle);
        try (ShelfAgent agent = ShelfAgent.start(offline, shelf, ShelfAgent.standardDetector(offline),
                recording(later))) {
            assertEquals(3, agent.hubConfig().orElseThrow().version());
            // A second of the shelf at rest first, so the detector knows the lane's weight.
            await().atMost(PATIENCE).until(() -> agent.samplesRead() >= 2 * 80);
            shelf.lift("1", 1);
            await().atMost(PATIENCE).until(() -> later.events.stream().anyMatch(e -> e instanceof Pick));
            assertFalse(agent.connected());
        }
        Pick pick = (Pick) later.events.stream().filter(e -> e instanceof Pick).findFirst().orElseThrow();
        assertEquals("rice-1250", pick.sku());
        assertEquals(2, pick.qty());
    }

    @Test
    void restockCommandsFromTheHubTurnAddedItemsIntoRestocksUntilTheyEnd() throws Exception {
        AgentConfig config = TestShelves.config("RS1", broker.url(), dataDir);
        TestShelves.Stored stored = new TestShelves.Stored();
        SimulatedShelf.Options idle = SimulatedShelf.Options.defaults().withSpeed(4)
                .withActivity(SimulatedShelf.Activity.IDLE);
        try (HubProbe hub = new HubProbe(broker.url(), "probe-rs1")) {
            SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, idle);
            try (ShelfAgent agent = ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config),
                    recording(stored))) {
                await().atMost(PATIENCE).until(() -> agent.connected() && agent.samplesRead() >= 2 * 80);
                hub.publishCommand("RS1", new ShelfCommand("c-1", ShelfCommand.Action.RESTOCK_START, null, 0));
                await().atMost(PATIENCE).until(agent::restockMode);
                shelf.restock("2", 1);
                await().atMost(PATIENCE).until(() -> stored.events.stream().anyMatch(e -> e instanceof Restock));

                hub.publishCommand("RS1", new ShelfCommand("c-2", ShelfCommand.Action.RESTOCK_END, null, 0));
                await().atMost(PATIENCE).until(() -> !agent.restockMode());
                // Outside restocking a lane only gets back what a visitor took from it.
                shelf.lift("2", 1);
                await().atMost(PATIENCE).until(() -> stored.events.stream().anyMatch(e -> e instanceof Pick));
                shelf.putBack("2", 1);
                await().atMost(PATIENCE).until(() -> stored.events.stream().anyMatch(e -> e instanceof Putback));
            }
            Restock r = (Restock) stored.events.stream().filter(e -> e instanceof Restock).findFirst().orElseThrow();
            assertEquals("2", r.lane());
            assertEquals(1, r.qty());
        }
    }
}
