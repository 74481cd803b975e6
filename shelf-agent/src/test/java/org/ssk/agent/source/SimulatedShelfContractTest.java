package org.ssk.agent.source;

import java.util.List;
import org.ssk.agent.detect.LaneSpec;

class SimulatedShelfContractTest extends SensorSourceContract {
    @Override
    SensorSource pacedSource() {
        return new SimulatedShelf(List.of(new LaneSpec("1", "rice", 2500, 20_000, 4)), 10,
                SimulatedShelf.Options.defaults().withSpeed(1));
    }
}
