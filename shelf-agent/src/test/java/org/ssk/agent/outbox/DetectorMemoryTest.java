package org.ssk.agent.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.detect.DetectorState;
import org.ssk.protocol.Telemetry;

class DetectorMemoryTest {
    @TempDir
    Path dir;

    private static final DetectorState STATE = new DetectorState(List.of(
            new DetectorState.LaneState("1", "honey", 500, 5, 1, List.of(120.0))));

    @Test
    void theStateAndTheChangeCountsAreReadBackTogetherByTheNextOpen() throws Exception {
        try (Outbox o = Outbox.open(dir, 10); DetectorMemory m = DetectorMemory.open(dir)) {
            assertEquals(Optional.empty(), m.loadChanges(), "a new outbox has counted nothing");
            assertEquals(new Telemetry.Changes(0, 0), m.changesSoFar("S1"));
            m.save(STATE, new Telemetry.Changes(7, 2));
        }
        try (Outbox o = Outbox.open(dir, 10); DetectorMemory m = DetectorMemory.open(dir)) {
            assertEquals(Optional.of(STATE), m.load());
            assertEquals(Optional.of(new Telemetry.Changes(7, 2)), m.loadChanges());
        }
    }

    @Test
    void keptCountsThatBreakTheRulesAreRefusedAndCountingStartsAfresh() throws Exception {
        try (Outbox o = Outbox.open(dir, 10); DetectorMemory m = DetectorMemory.open(dir)) {
            m.save(STATE, new Telemetry.Changes(3, 1));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Outbox.FILE));
                 Statement st = c.createStatement()) {
                st.execute("UPDATE change_counts SET unseen = 9");
            }
            IOException e = assertThrows(IOException.class, m::loadChanges);
            assertTrue(e.getMessage().contains("unreadable"), e.getMessage());
            assertEquals(new Telemetry.Changes(0, 0), m.changesSoFar("S1"));
            assertEquals(Optional.of(STATE), m.load(), "the detector's memory is not lost with the counts");
        }
    }
}
