package org.ssk.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.agent.time.SettableClock;
import org.ssk.agent.time.ShelfClock;
import org.ssk.hub.demo.DemoShelves;
import org.ssk.hub.kiosk.ShelfLayout;
import org.ssk.hub.ledger.StoredEvent;
import org.ssk.protocol.Pick;
import org.ssk.protocol.ShelfEvent;

/**
 * The Pi's wall clock is set back three hours and then forward eight (NTP correcting a Pi that
 * booted without a real-time clock, or an operator) while visitors keep taking items from a real
 * agent in front of a real hub. Detection goes on (sample time is monotonic), ids stay unique and
 * in order (they never depend on a clock), the hub stores every event once in seq order, each
 * event's t_ms is the wall clock's reckoning when it was detected, and the jump is reported in
 * telemetry. On each ledger store (SQLite, PostgreSQL): the hub stores and quarantines on it.
 */
@Timeout(180)
@Order(1)
class ClockJumpTest {
    /** t_ms is the sample time of the detection: before it is stored by the settle window, not after. */
    private static final long EARLIEST_MS = 10_000;
    private static final long LATEST_MS = 1_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FaultLedger.Store.class)
    void jumpsOfTheWallClockEitherWayLoseNothingReorderNothingAndStampTheCorrectedTime(FaultLedger.Store store)
            throws Exception {
        SettableClock wall = new SettableClock();
        List<ShelfEvent> stored = new CopyOnWriteArrayList<>();
        Map<String, Long> wallAtStore = new ConcurrentHashMap<>();
        try (StoresHub hub = new StoresHub(store, dir)) {
            ShelfLayout layout = hub.hub.catalog().shelves().get(0);
            AgentConfig config = DemoShelves.agentConfig(layout, hub.hub.brokerUrl(),
                    hub.stores.shelfCredentials().issue(layout.shelf()), dir.resolve("agent"));
            SimulatedShelf shelf = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults()
                    .withActivity(SimulatedShelf.Activity.IDLE));
            List<String> lanes = layout.lanes().stream().filter(l -> l.sku() != null).map(ShelfLayout.Lane::lane)
                    .limit(3).toList();
            ShelfAgent.Options options = ShelfAgent.Options.defaults().withReconnect(50, 500)
                    .withClock(new ShelfClock(wall, System::nanoTime)).withOnStored(e -> {
                        wallAtStore.put(e.id(), wall.millis());
                        stored.add(e);
                    });
            try (ShelfAgent agent = ShelfAgent.start(config, shelf, ShelfAgent.standardDetector(config), options)) {
                // The hub's planogram applied and a few seconds at rest, so the detector knows each lane's weight.
                await().atMost(FaultHub.WAIT).until(() -> agent.hubConfig().isPresent());
                long applied = agent.samplesRead();
                await().atMost(FaultHub.WAIT).until(() -> agent.samplesRead() > applied + 1_000);
                takeOneFromEachLane(shelf, lanes, stored);
                wall.jump(Duration.ofHours(-3));
                takeOneFromEachLane(shelf, lanes, stored);
                await().atMost(FaultHub.WAIT).until(() -> hub.get("/api/v1/shelves/" + layout.shelf()).body()
                        .contains("wall clock jumped by -3h"));
                wall.jump(Duration.ofHours(8));
                int beforeAhead = stored.size();
                takeOneFromEachLane(shelf, lanes, stored);
                assertTrue(agent.faults().stream().anyMatch(f -> f.contains("jumped by +8h ")), agent.faults().toString());
                await().atMost(FaultHub.WAIT).until(() -> agent.outboxPending() == 0);
                agent.close();
                // Events stamped 8 h ahead of the hub's clock are kept in quarantine (shelf_clock) for an
                // operator to release or reject: kept, not counted, not lost. The others are stored.
                List<String> ahead = stored.subList(beforeAhead, stored.size()).stream().map(ShelfEvent::id).toList();
                List<String> truth = stored.subList(0, beforeAhead).stream().map(ShelfEvent::id).toList();
                await().atMost(FaultHub.WAIT).until(() -> hub.storedIds().size() >= truth.size()
                        && hub.ledger().quarantined(false).size() >= ahead.size());
                hub.assertLedgerEquals(truth);
                var held = hub.ledger().quarantined(false);
                assertEquals(ahead, held.stream().map(q -> q.event().eventId()).toList(), "the events 8 h ahead are held");
                assertTrue(held.stream().allMatch(q -> "shelf_clock".equals(q.kind()) && q.pending()), held.toString());
                assertEquals(LongStream.rangeClosed(1, agent.lastSeq()).boxed().toList(),
                        stored.stream().map(ShelfEvent::seq).toList(), "ids unique and consecutive");
                List<StoredEvent> ledger = hub.storedEvents().stream()
                        .sorted(Comparator.comparingLong(StoredEvent::pos)).toList();
                assertEquals(truth, ledger.stream().map(StoredEvent::eventId).toList(), "stored in seq order");
            }
        }
        for (ShelfEvent e : stored) {
            long w = wallAtStore.get(e.id());
            assertTrue(e.tMs() >= w - EARLIEST_MS && e.tMs() <= w + LATEST_MS,
                    e.id() + " has t_ms " + e.tMs() + ", the wall clock said " + w + " when it was stored");
        }
    }

    /** A visitor takes an item from each lane in turn; each must come out as a pick. */
    private static void takeOneFromEachLane(SimulatedShelf shelf, List<String> lanes, List<ShelfEvent> stored) {
        for (String lane : lanes) {
            long picks = stored.stream().filter(Pick.class::isInstance).count();
            shelf.lift(lane, 1);
            await().atMost(FaultHub.WAIT).until(() -> stored.stream().filter(Pick.class::isInstance).count() > picks);
        }
    }
}
