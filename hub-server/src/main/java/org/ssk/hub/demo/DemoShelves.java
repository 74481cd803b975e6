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
    /** Items on each lane when the demo starts. */
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

    private DemoShelves(Map<String, Running> shelves) {
        this.shelves = shelves;
    }

    /**
     * Starts an agent for each layout, with outboxes under {@code dataDir/agents/{shelf}}.
     *
     * @param visitors whether seeded random visitors and staff handle items on their own
     */
    public static DemoShelves start(List<ShelfLayout> layouts, String brokerUrl, Path dataDir, boolean visitors)
            throws IOException {
        Map<String, Running> m = new LinkedHashMap<>();
        try {
            long seed = 1;
            for (ShelfLayout layout : layouts) {
                AgentConfig config = agentConfig(layout, brokerUrl, dataDir.resolve("agents").resolve(layout.shelf()));
                SimulatedShelf sim = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults()
                        .withSeed(seed++)
                        .withActivity(visitors ? SimulatedShelf.Activity.RANDOM : SimulatedShelf.Activity.IDLE));
                ShelfAgent agent = ShelfAgent.start(config, sim, ShelfAgent.standardDetector(config),
                        ShelfAgent.Options.defaults().withReconnect(200, 5_000));
                m.put(layout.shelf(), new Running(agent, sim, layout));
            }
        } catch (IOException | RuntimeException e) {
            m.values().forEach(r -> r.agent().close());
            throw e;
        }
        log.info("demo: {} simulated shelves publishing to {}", m.size(), brokerUrl);
        return new DemoShelves(java.util.Collections.unmodifiableMap(m));
    }

    public static AgentConfig agentConfig(ShelfLayout layout, String brokerUrl, Path dir) {
        List<AgentConfig.Lane> lanes = new ArrayList<>();
        AgentConfig.Sensor sim = new AgentConfig.Sensor("simulated", null, null, null, null, null);
        for (ShelfLayout.Lane l : layout.lanes()) {
            double unit = l.unitGrams() > 0 ? l.unitGrams() : ShelfAgent.PLACEHOLDER_UNIT_GRAMS;
            double capacity = Math.max(5_000, unit * (INITIAL_QTY + 6));
            lanes.add(new AgentConfig.Lane(l.lane(), sim, new AgentConfig.Calibration(0, 1, capacity), l.sku(), unit,
                    l.sku() == null ? 0 : INITIAL_QTY));
        }
        return new AgentConfig(layout.shelf(), new AgentConfig.Broker(brokerUrl, null, null), dir.toString(), SPS,
                TELEMETRY_MS, lanes, null, null, null);
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
