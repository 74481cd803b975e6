package org.ssk.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssk.agent.detect.Detection;
import org.ssk.agent.detect.Detectors;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.Sample;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Telemetry;

class HeartbeatTest {

    @Test
    void wholeItemChangesAreCountedWithHowManyNoHandWasSeenFor() {
        Heartbeat h = new Heartbeat(5000);
        h.detected(Detection.lift(10, "1", 300));
        h.detected(Detection.counted(Detection.Type.PICK, 20, "1", 1, 500, false));
        h.detected(Detection.counted(Detection.Type.PICK, 30, "1", 2, 1000, true));
        h.detected(Detection.counted(Detection.Type.PUTBACK, 40, "1", 1, 500, true));
        h.detected(Detection.counted(Detection.Type.RESTOCK, 50, "1", 4, 2000, false));
        h.detected(Detection.anomaly(60, "1", Anomaly.Kind.FOREIGN_ITEM, 120, "", true));
        h.detected(Detection.anomaly(70, "1", Anomaly.Kind.SENSOR_FAULT, 0, "frozen"));
        assertEquals(new Telemetry.Changes(4, 2), h.changes(), "lifts and anomalies are not whole-item changes");
        assertEquals(0.5, h.changes().unseenShare());
    }

    @Test
    void theHeartbeatSaysTheCountsProximityAndRestockMode() {
        Heartbeat h = new Heartbeat(5000);
        h.sample(new Sample.Proximity(5, 830));
        h.sample(new Sample.Mode(6, true));
        h.detected(Detection.counted(Detection.Type.RESTOCK, 7, "1", 2, 1000, true));
        Telemetry t = h.build("S1", 1_000, Detectors.standard(List.of(new LaneSpec("1", "rice", 500, 20_000, 3)), 80),
                List.of("1"), id -> false, 2, 60, List.of());
        assertEquals(new Telemetry.Changes(1, 1), t.changes());
        assertEquals(830.0, t.proximityMm());
        assertTrue(t.restockMode());
        assertEquals(Telemetry.Health.OK, t.lanes().getFirst().health());
        assertEquals(3, t.lanes().getFirst().count());
    }

    @Test
    void aRestockModeChangeMakesTheNextHeartbeatDueAtOnce() {
        Heartbeat h = new Heartbeat(5000);
        assertTrue(h.due(0));
        assertFalse(h.due(1000));
        h.sample(new Sample.Mode(1500, false));
        assertFalse(h.due(2000), "no change of mode, no early heartbeat");
        h.sample(new Sample.Mode(2500, true));
        assertTrue(h.due(3000));
        assertFalse(h.due(4000));
        assertTrue(h.due(8000));
    }
}
