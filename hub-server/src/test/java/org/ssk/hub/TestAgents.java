package org.ssk.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ssk.agent.ShelfAgent;
import org.ssk.agent.config.AgentConfig;
import org.ssk.hub.kiosk.ShelfLayout;

/**
 * Configs of real shelf agents on simulated load cells for the hub's pipeline tests (the demo
 * module has its own for the demo's shelves; the hub's main code never links the agent).
 */
public final class TestAgents {
    /** Items on each stocked lane at the start. */
    public static final int INITIAL_QTY = 8;

    private TestAgents() {
    }

    /** An agent for {@code layout} logging in to {@code brokerUrl} as the shelf with {@code secret}, outbox in {@code dir}. */
    public static AgentConfig config(ShelfLayout layout, String brokerUrl, String secret, Path dir) {
        List<AgentConfig.Lane> lanes = new ArrayList<>();
        AgentConfig.Sensor sim = new AgentConfig.Sensor("simulated", null, null, null, null, null);
        for (ShelfLayout.Lane l : layout.lanes()) {
            double unit = l.unitGrams() > 0 ? l.unitGrams() : ShelfAgent.PLACEHOLDER_UNIT_GRAMS;
            double capacity = Math.max(5_000, unit * (INITIAL_QTY + 6));
            lanes.add(new AgentConfig.Lane(l.lane(), sim, new AgentConfig.Calibration(0, 1, capacity), l.sku(), unit,
                    l.sku() == null ? 0 : INITIAL_QTY));
        }
        return new AgentConfig(layout.shelf(), new AgentConfig.Broker(brokerUrl, layout.shelf(), secret),
                dir.toString(), 80, 1_000, lanes, null, null, null);
    }
}
