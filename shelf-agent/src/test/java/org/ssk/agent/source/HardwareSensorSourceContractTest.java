package org.ssk.agent.source;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.FakeShelf;
import org.ssk.agent.driver.HardwareSensorSource;
import org.ssk.agent.time.ShelfClock;

/**
 * The hardware source on the example shelf's fake chips, with every load cell unplugged: the
 * source must still pace itself (one round per sample period) and close promptly.
 */
class HardwareSensorSourceContractTest extends SensorSourceContract {
    private FakeShelf shelf;

    @Override
    SensorSource pacedSource() throws Exception {
        AgentConfig config = AgentConfig.load(Path.of("agent.example.json"), Map.of());
        shelf = new FakeShelf(config);
        for (AgentConfig.Lane l : config.lanes()) {
            shelf.unplug(l.id());
        }
        return new HardwareSensorSource(config, shelf.opener().open(config), ShelfClock.system());
    }

    @AfterEach
    void shutdown() {
        shelf.close();
    }
}
