package org.ssk.hub.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.hub.kiosk.ShelfLayout;

/**
 * The demo's shelves: one real {@link ShelfAgent} per shelf of the planogram, each reading a
 * {@link SimulatedShelf} instead of load cells and publishing over MQTT to the hub's broker, so
 * the demo's events travel the production path (detector → outbox → Paho → broker → ingest →
 * ledger → kiosk). The virtual-shelf endpoints move the simulated items; they never make events.
 *
 * <p>Thread-safe: the shelf map is fixed after {@link #start}, and {@link SimulatedShelf}'s
 * gesture methods are thread-safe.
 */
public final class DemoShelves implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoShelves.class);
    /** Samples per second of the simulated load cells (an HX711 at its fast rate). */
    static final int SPS = 80;
    /** Items the opening restock puts on a lane whose capacity the planogram does not know. */
    public static final int INITIAL_QTY = 8;
    /**
     * Heartbeat period. The agent reports restock mode only in its heartbeat, so the demo uses the
     * shortest period the agent allows for the kiosk to follow the restock button within a second.
     */
    static final long TELEMETRY_MS = 1_000;

    /** One running simulated shelf. */
    public record Running(ShelfAgent agent, SimulatedShelf shelf, ShelfLayout layout) {
    }

    private final Map<String, Running> shelves;
    private final boolean visitors;
    /** Items each lane's agent has booked as restocked ("shelf/lane" → items), from its stored events. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> restocked;
    private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);

    private DemoShelves(Map<String, Running> shelves, boolean visitors,
                        Map<String, java.util.concurrent.atomic.AtomicInteger> restocked) {
        this.shelves = shelves;
        this.visitors = visitors;
        this.restocked = restocked;
    }

    /**
     * Starts an agent for each layout, with outboxes under {@code dataDir/agents/{shelf}}. Each
     * simulated lane starts with the items the ledger says it holds ({@code stock}, shelf → lane →
     * qty; negative or missing counts as empty); then, like staff at opening, a background thread
     * puts every lane in restock mode and fills it up to {@link #fill its capacity} with real restock
     * gestures, so the ledger learns the stock through the same path as any restock. Simulated
     * visitors come in only once every shelf is stocked (they would otherwise take items while
     * staff are still filling the lanes, and the kiosks would say "restocking" for minutes).
     *
     * @param visitors whether seeded random visitors and staff handle items on their own
     * @param secrets  each shelf's MQTT secret (its user name is its id)
     */
    public static DemoShelves start(List<ShelfLayout> layouts, String brokerUrl, Map<String, String> secrets,
                                    Path dataDir, boolean visitors, Map<String, Map<String, Integer>> stock)
            throws IOException {
        Map<String, Running> m = new LinkedHashMap<>();
        Map<String, java.util.concurrent.atomic.AtomicInteger> restocked = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Consumer<org.ssk.protocol.ShelfEvent> onStored = e -> {
            if (e instanceof org.ssk.protocol.Restock r) {
                restocked.computeIfAbsent(r.shelf() + "/" + r.lane(), k -> new java.util.concurrent.atomic.AtomicInteger())
                        .addAndGet(r.qty());
            }
        };
        try {
            long seed = 1;
            for (ShelfLayout layout : layouts) {
                AgentConfig config = agentConfig(layout, brokerUrl, secrets.get(layout.shelf()),
                        dataDir.resolve("agents").resolve(layout.shelf()), stock.getOrDefault(layout.shelf(), Map.of()));
                SimulatedShelf sim = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults()
                        .withSeed(seed++)
                        .withActivity(SimulatedShelf.Activity.IDLE));
                ShelfAgent agent = ShelfAgent.start(config, sim, ShelfAgent.standardDetector(config),
                        ShelfAgent.Options.defaults().withReconnect(200, 5_000).withOnStored(onStored));
                m.put(layout.shelf(), new Running(agent, sim, layout));
            }
        } catch (IOException | RuntimeException e) {
            m.values().forEach(r -> r.agent().close());
            throw e;
        }
        log.info("demo: {} simulated shelves publishing to {}", m.size(), brokerUrl);
        DemoShelves shelves = new DemoShelves(java.util.Collections.unmodifiableMap(m), visitors, restocked);
        Thread opening = new Thread(shelves::openingRestock, "ssk-demo-opening");
        opening.setDaemon(true);
        opening.start();
        return shelves;
    }

    /**
     * The agent config of a simulated shelf connecting with its id and {@code secret};
     * {@code onLane} gives each lane's starting items.
     */
    public static AgentConfig agentConfig(ShelfLayout layout, String brokerUrl, String secret, Path dir,
                                          Map<String, Integer> onLane) {
        List<AgentConfig.Lane> lanes = new ArrayList<>();
        AgentConfig.Sensor sim = new AgentConfig.Sensor("simulated", null, null, null, null, null);
        for (ShelfLayout.Lane l : layout.lanes()) {
            double unit = l.unitGrams() > 0 ? l.unitGrams() : ShelfAgent.PLACEHOLDER_UNIT_GRAMS;
            // The simulated load cell is rated well above a full lane, as a real shelf's is.
            double capacity = Math.max(5_000, unit * (fill(l) + 6));
            int qty = l.sku() == null ? 0 : Math.max(0, Math.min(fill(l) + 4, onLane.getOrDefault(l.lane(), 0)));
            lanes.add(new AgentConfig.Lane(l.lane(), sim, new AgentConfig.Calibration(0, 1, capacity), l.sku(), unit,
                    qty));
        }
        return new AgentConfig(layout.shelf(), new AgentConfig.Broker(brokerUrl, layout.shelf(), secret), dir.toString(), SPS,
                TELEMETRY_MS, lanes, null, null, null);
    }

    /** As {@link #agentConfig(ShelfLayout, String, String, Path, Map)} with every lane {@link #fill full}. */
    public static AgentConfig agentConfig(ShelfLayout layout, String brokerUrl, String secret, Path dir) {
        Map<String, Integer> full = new java.util.HashMap<>();
        layout.lanes().forEach(l -> full.put(l.lane(), fill(l)));
        return agentConfig(layout, brokerUrl, secret, dir, full);
    }

    /** The items a full lane holds: its capacity from the planogram, {@link #INITIAL_QTY} when unknown. */
    public static int fill(ShelfLayout.Lane lane) {
        return lane.capacity() == null ? INITIAL_QTY : lane.capacity();
    }

    /** What staff fill lane {@code id} of {@code r} up to at opening. */
    private static int fill(Running r, String id) {
        return r.layout().lanes().stream().filter(l -> l.lane().equals(id)).findFirst().map(DemoShelves::fill)
                .orElse(INITIAL_QTY);
    }

    /**
     * Restock mode on, the missing items added lane by lane (a simulated hand places one every
     * 0.7 s), restock mode off once each shelf's agent has booked every added item as a restock.
     * Not earlier: all lanes of a shelf gain weight at once, which the detector first holds as a
     * possible lean (common mode); a gain it decides only after restock mode ended would be booked
     * as put-backs or foreign items, not as stock.
     */
    private void openingRestock() {
        try {
            Map<String, Integer> added = new java.util.HashMap<>();
            List<Running> todo = new ArrayList<>();
            for (Running r : shelves.values()) {
                waitFor(() -> r.agent().connected(), 30_000);
                boolean any = false;
                for (SimulatedShelf.LaneView v : r.shelf().lanes()) {
                    if (v.sku() != null && v.count() < fill(r, v.lane())) {
                        if (!any) {
                            r.shelf().setRestockMode(true);
                            any = true;
                        }
                        r.shelf().restock(v.lane(), fill(r, v.lane()) - v.count());
                        added.put(r.layout().shelf() + "/" + v.lane(), fill(r, v.lane()) - v.count());
                    }
                }
                if (any) {
                    todo.add(r);
                }
            }
            for (Running r : todo) {
                waitFor(() -> r.shelf().lanes().stream().allMatch(v -> v.sku() == null || v.count() >= fill(r, v.lane())),
                        60_000);
            }
            // Then until the agents have booked them (the detector decides on settled weight only).
            waitFor(() -> added.entrySet().stream().allMatch(e -> restocked.getOrDefault(e.getKey(),
                    new java.util.concurrent.atomic.AtomicInteger()).get() >= e.getValue()), 60_000);
            todo.forEach(r -> r.shelf().setRestockMode(false));
            log.info("demo: opening restock done on {} shelves", todo.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (visitors) {
                shelves.values().forEach(r -> r.shelf().setActivity(SimulatedShelf.Activity.RANDOM));
            }
            opened.countDown();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long maxMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMs;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Waits for the opening restock to finish; true if it did within {@code timeout}. */
    public boolean awaitOpened(java.time.Duration timeout) throws InterruptedException {
        return opened.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public Optional<Running> shelf(String id) {
        return Optional.ofNullable(shelves.get(id));
    }

    public List<Running> all() {
        return List.copyOf(shelves.values());
    }

    @Override
    public void close() {
        shelves.values().forEach(r -> r.agent().close());
    }
}
