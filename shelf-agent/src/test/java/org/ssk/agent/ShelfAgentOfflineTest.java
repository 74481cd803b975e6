package org.ssk.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Map;
import java.util.Set;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.detect.Detection;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.outbox.Outbox;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;

/** The agent with no broker reachable: everything it decides waits in the outbox. */
class ShelfAgentOfflineTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private AgentConfig offlineConfig() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return TestShelves.config("OFF1", "tcp://127.0.0.1:" + s.getLocalPort(), dataDir);
        }
    }

    @Test
    void aFullOutboxShedsLiftsWithoutLeavingGapsAndKeepsEveryPick() throws Exception {
        AgentConfig config = offlineConfig();
        TestShelves.Stored stored = new TestShelves.Stored();
        SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults().withSpeed(8)
                .withActivity(SimulatedShelf.Activity.SCRIPTED).withScriptPeriodMs(1_000));
        ShelfAgent.Options options = ShelfAgent.Options.defaults().withOutboxCapacity(3)
                .withReconnect(100, 200).withOnStored(stored.events::add);
        try (ShelfAgent agent = ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config), options)) {
            await().atMost(PATIENCE).until(() -> stored.events.stream().filter(e -> e instanceof Pick).count() >= 4);
            assertFalse(agent.connected());
            assertTrue(agent.shedLifts() > 0, "lifts are shed once 3 events wait");
        }
        List<ShelfEvent> events = stored.events;
        try (Outbox outbox = Outbox.open(dataDir, 3)) {
            assertEquals(events.size(), outbox.pendingCount(), "nothing stored was dropped");
        }
        assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(),
                events.stream().map(ShelfEvent::seq).toList(), "shed lifts take no sequence number");
        assertTrue(events.subList(3, events.size()).stream().noneMatch(e -> e instanceof Lift),
                "no lift is stored once the outbox is full: " + events);
    }

    @Test
    void numberingContinuesAcrossRestartsWhileTheHubIsAway() throws Exception {
        AgentConfig config = offlineConfig();
        SimulatedShelf.Options scripted = SimulatedShelf.Options.defaults().withSpeed(8)
                .withActivity(SimulatedShelf.Activity.SCRIPTED).withScriptPeriodMs(1_000);
        TestShelves.Stored first = new TestShelves.Stored();
        String epoch;
        try (ShelfAgent agent = ShelfAgent.start(config, ShelfAgent.simulatedShelf(config, scripted),
                ShelfAgent.standardDetector(config), ShelfAgent.Options.defaults().withOnStored(first.events::add))) {
            epoch = agent.epoch();
            await().atMost(PATIENCE).until(() -> first.events.size() >= 3);
        }
        TestShelves.Stored second = new TestShelves.Stored();
        try (ShelfAgent agent = ShelfAgent.start(config, ShelfAgent.simulatedShelf(config, scripted),
                ShelfAgent.standardDetector(config), ShelfAgent.Options.defaults().withOnStored(second.events::add))) {
            assertEquals(epoch, agent.epoch());
            await().atMost(PATIENCE).until(() -> !second.events.isEmpty());
        }
        try (Outbox outbox = Outbox.open(dataDir, 10)) {
            assertEquals(first.events.size() + second.events.size(), outbox.pendingCount());
        }
        assertEquals(first.events.getLast().seq() + 1, second.events.getFirst().seq());
    }

    /** The standard detector, except that it throws on every 50th sample, as a buggy one might. */
    private static final class Flaky implements Detector {
        private final Detector inner;
        private long n;

        Flaky(Detector inner) {
            this.inner = inner;
        }

        @Override
        public List<Detection> accept(Sample sample) {
            if (++n % 50 == 0) {
                throw new IllegalStateException("cannot digest sample " + n);
            }
            return inner.accept(sample);
        }

        @Override
        public Map<String, Integer> counts() {
            return inner.counts();
        }

        @Override
        public Map<String, Double> weights() {
            return inner.weights();
        }

        @Override
        public Set<String> faultyLanes() {
            return inner.faultyLanes();
        }

        @Override
        public void reconfigure(List<LaneSpec> lanes) {
            inner.reconfigure(lanes);
        }
    }

    @Test
    void aDetectorThatThrowsOnSomeSamplesDoesNotStopTheShelf() throws Exception {
        AgentConfig config = offlineConfig();
        TestShelves.Stored stored = new TestShelves.Stored();
        SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults().withSpeed(8)
                .withActivity(SimulatedShelf.Activity.SCRIPTED).withScriptPeriodMs(1_000));
        try (ShelfAgent agent = ShelfAgent.start(config, shelf, new Flaky(ShelfAgent.standardDetector(config)),
                ShelfAgent.Options.defaults().withOnStored(stored.events::add))) {
            await().atMost(PATIENCE).until(() -> stored.events.stream().filter(e -> e instanceof Pick).count() >= 2);
            assertTrue(agent.detectorErrors() > 0);
            assertEquals(java.util.Optional.empty(), agent.failure());
        }
    }

    /**
     * The documented limit of {@code HeldEvents}: events held in memory while the outbox cannot
     * write die with the agent. Their seq numbers were never published, so the next start numbers
     * on from the last durable event and no id ever means two things at the hub.
     */
    @Test
    void anAgentStoppedWhileItsOutboxCannotWriteLosesOnlyTheEventsHeldInMemory() throws Exception {
        AgentConfig config = offlineConfig();
        SimulatedShelf.Options scripted = SimulatedShelf.Options.defaults().withSpeed(8)
                .withActivity(SimulatedShelf.Activity.SCRIPTED).withScriptPeriodMs(1_000);
        TestShelves.Stored first = new TestShelves.Stored();
        long durable;
        int lost;
        try (ShelfAgent agent = ShelfAgent.start(config, ShelfAgent.simulatedShelf(config, scripted),
                ShelfAgent.standardDetector(config), ShelfAgent.Options.defaults().withOnStored(first.events::add))) {
            await().atMost(PATIENCE).until(() -> first.events.size() >= 2);
            agent.outbox().pragmaOnWriter("query_only = 1");
            await().atMost(PATIENCE).until(() -> agent.heldEvents() >= 2);
            assertTrue(agent.faults().get(0).startsWith("outbox: cannot write"), agent.faults().toString());
            durable = agent.lastSeq();
            lost = agent.heldEvents();
        }
        assertEquals(durable, first.events.getLast().seq());
        assertTrue(lost >= 2);
        TestShelves.Stored second = new TestShelves.Stored();
        try (ShelfAgent agent = ShelfAgent.start(config, ShelfAgent.simulatedShelf(config, scripted),
                ShelfAgent.standardDetector(config), ShelfAgent.Options.defaults().withOnStored(second.events::add))) {
            await().atMost(PATIENCE).until(() -> !second.events.isEmpty());
            assertTrue(agent.faults().isEmpty(), agent.faults().toString());
        }
        assertEquals(durable + 1, second.events.getFirst().seq(), "numbering goes on from the last durable event");
        try (Outbox outbox = Outbox.open(dataDir, 10)) {
            assertEquals(first.events.size() + second.events.size(), outbox.pendingCount());
        }
    }
}
