package org.ssk.agent.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.trace.Trace;

class TraceSourceTest {
    @TempDir
    Path dir;

    private Trace trace() throws Exception {
        Path json = Files.writeString(dir.resolve("t.json"), """
                {"shelf":"T1","sps":10,"lanes":[{"id":"1","sku":"rice","unitGrams":500,"capacityGrams":5000,"initialQty":2}]}
                """);
        Path csv = Files.writeString(dir.resolve("t.csv"), """
                t_ms,sensor,value
                0,lane:1,1000.0
                100,lane:1,1001.0
                150,prox:T1,800
                200,mode,restock
                300,lane:1,500.5
                """);
        return Trace.open(json, csv);
    }

    private static List<Sample> drain(SensorSource s) throws Exception {
        List<Sample> out = new ArrayList<>();
        for (Optional<Sample> x; (x = s.next()).isPresent(); ) {
            out.add(x.get());
        }
        return out;
    }

    @Test
    void unpacedReplayGivesTheTraceRowsInOrderWithTraceTimes() throws Exception {
        try (TraceSource s = TraceSource.open(trace(), 0, false)) {
            assertEquals(List.of(new Sample.Weight(0, "1", 1000.0), new Sample.Weight(100, "1", 1001.0),
                    new Sample.Proximity(150, 800), new Sample.Mode(200, true), new Sample.Weight(300, "1", 500.5)),
                    drain(s));
        }
    }

    @Test
    void rebasedReplayStartsAtTheWallClockAndKeepsTheGaps() throws Exception {
        long before = System.currentTimeMillis();
        try (TraceSource s = TraceSource.open(trace(), 0, true)) {
            List<Sample> got = drain(s);
            assertTrue(got.getFirst().tMs() >= before);
            assertEquals(300, got.getLast().tMs() - got.getFirst().tMs());
        }
    }

    @Test
    void pacedReplayTakesAboutTheTraceDurationDividedBySpeed() throws Exception {
        long t0 = System.nanoTime();
        try (TraceSource s = TraceSource.open(trace(), 2, false)) {
            drain(s);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 140, "300 ms of trace at speed 2 took " + ms + " ms");
    }

    @Test
    void aClosedSourceEnds() throws Exception {
        TraceSource s = TraceSource.open(trace(), 0, false);
        s.close();
        assertEquals(Optional.empty(), s.next());
    }
}
