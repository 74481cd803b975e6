package org.ssk.agent;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ssk.agent.config.AgentConfig;
import org.ssk.protocol.ShelfEvent;

/** Shelves for agent tests: two simulated lanes (rice 2.5 kg × 4, honey 500 g × 6) at 80 sps. */
final class TestShelves {
    private TestShelves() {
    }

    static AgentConfig config(String shelf, String brokerUrl, Path dataDir) {
        AgentConfig.Sensor sim = new AgentConfig.Sensor("simulated", null, null, null, null, null);
        return new AgentConfig(shelf, new AgentConfig.Broker(brokerUrl, null, null), dataDir.toString(), 80, 1_000,
                List.of(new AgentConfig.Lane("1", sim, new AgentConfig.Calibration(0, 1, 20_000), "rice", 2500.0, 4),
                        new AgentConfig.Lane("2", sim, new AgentConfig.Calibration(0, 1, 10_000), "honey", 500.0, 6)),
                null, null, null);
    }

    /** Collects what the agent stored, in order, as the test's record of what must reach the hub. */
    static final class Stored {
        final List<ShelfEvent> events = new CopyOnWriteArrayList<>();

        List<String> ids() {
            return events.stream().map(ShelfEvent::id).toList();
        }
    }
}
