package org.ssk.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.mqtt.HubProbe;
import org.ssk.agent.mqtt.TcpProxy;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.ShelfState;

/**
 * What the agent needs from any broker, run against each one a center may use (the hub's embedded
 * Moquette, Mosquitto): the agent reaches the broker through a {@link TcpProxy} the test cuts, as a
 * network outage or a pulled cable would, while the probe playing the hub stays connected.
 */
abstract class BrokerContract {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final long OUTAGE_MS = Long.getLong("ssk.test.outageMs", 3_000);

    @TempDir
    Path dataDir;

    /** The broker under test, started once per class. */
    abstract String brokerUrl();

    private SimulatedShelf scriptedShelf(String shelf) {
        return ShelfAgent.simulatedShelf(TestShelves.config(shelf, brokerUrl(), dataDir), SimulatedShelf.Options
                .defaults().withSpeed(8).withActivity(SimulatedShelf.Activity.SCRIPTED).withScriptPeriodMs(1_000));
    }

    private TcpProxy proxy() throws Exception {
        return new TcpProxy(URI.create(brokerUrl()).getPort());
    }

    private ShelfAgent start(String shelf, SimulatedShelf sim, TcpProxy proxy, TestShelves.Stored stored)
            throws Exception {
        AgentConfig config = TestShelves.config(shelf, proxy.url(), dataDir);
        return ShelfAgent.start(config, sim, ShelfAgent.standardDetector(config),
                ShelfAgent.Options.defaults().withReconnect(100, 500).withOnStored(stored.events::add));
    }

    @Test
    void eventsDecidedDuringANetworkCutReachTheHubOnceInOrderAfterIt() throws Exception {
        String shelf = "NC" + getClass().getSimpleName().length();
        TestShelves.Stored stored = new TestShelves.Stored();
        SimulatedShelf sim = scriptedShelf(shelf);
        try (HubProbe hub = new HubProbe(brokerUrl(), "probe-nc-" + getClass().getSimpleName());
             TcpProxy proxy = proxy();
             ShelfAgent agent = start(shelf, sim, proxy, stored)) {
            await().atMost(PATIENCE).until(() -> hub.events().size() >= 3);
            proxy.cut();
            int before = stored.events.size();
            long t0 = System.nanoTime();
            await().atMost(PATIENCE).until(() -> stored.events.size() >= before + 6
                    && (System.nanoTime() - t0) / 1_000_000 >= OUTAGE_MS);
            assertTrue(agent.outboxPending() >= 6, "waiting in the outbox: " + agent.outboxPending());
            proxy.restore();
            await().atMost(PATIENCE).until(() -> stored.events.size() >= before + 12);
            sim.close();
            await().atMost(PATIENCE).until(() -> hub.eventIds().containsAll(stored.ids()));
            agent.close();

            List<ShelfEvent> seen = hub.events();
            assertEquals(stored.ids(), hub.eventIds());
            assertEquals(stored.events, seen);
            assertEquals(LongStream.rangeClosed(1, seen.size()).boxed().toList(),
                    seen.stream().map(ShelfEvent::seq).toList());
        }
    }

    @Test
    void theLastWillSaysOfflineWhenTheConnectionDiesAndOnlineReturnsWithIt() throws Exception {
        String shelf = "LW" + getClass().getSimpleName().length();
        TestShelves.Stored stored = new TestShelves.Stored();
        try (HubProbe hub = new HubProbe(brokerUrl(), "probe-lw-" + getClass().getSimpleName());
             TcpProxy proxy = proxy();
             ShelfAgent agent = start(shelf, scriptedShelf(shelf), proxy, stored)) {
            await().atMost(PATIENCE).until(() -> states(hub, shelf).contains(ShelfState.Status.ONLINE));
            proxy.cut();
            await().atMost(PATIENCE).until(() -> states(hub, shelf).getLast() == ShelfState.Status.OFFLINE);
            proxy.restore();
            await().atMost(PATIENCE).until(() -> states(hub, shelf).getLast() == ShelfState.Status.ONLINE);
            assertTrue(agent.connected());
        }
    }

    private static List<ShelfState.Status> states(HubProbe hub, String shelf) {
        return hub.states().stream().filter(s -> s.shelf().equals(shelf)).map(ShelfState::status).toList();
    }
}
