package org.ssk.agent.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ssk.agent.detect.Detection;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.Detectors;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.Sample;

class SimulatedShelfTest {
    private static final List<LaneSpec> LANES = List.of(
            new LaneSpec("1", "rice", 2500, 20_000, 4),
            new LaneSpec("2", "honey", 500, 10_000, 6));
    private static final SimulatedShelf.Options UNPACED = SimulatedShelf.Options.defaults().withSpeed(0);

    private static List<Sample> take(SimulatedShelf s, int n) throws Exception {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.next().orElseThrow());
        }
        return out;
    }

    private static List<Detection> detect(SimulatedShelf s, Detector d, int samples) throws Exception {
        List<Detection> out = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            out.addAll(d.accept(s.next().orElseThrow()));
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameReadingsApartFromTheStartTime() throws Exception {
        SimulatedShelf a = new SimulatedShelf(LANES, 80, UNPACED.withSeed(7));
        SimulatedShelf b = new SimulatedShelf(LANES, 80, UNPACED.withSeed(7));
        List<Double> ga = take(a, 4_000).stream().filter(x -> x instanceof Sample.Weight)
                .map(x -> ((Sample.Weight) x).grams()).toList();
        List<Double> gb = take(b, 4_000).stream().filter(x -> x instanceof Sample.Weight)
                .map(x -> ((Sample.Weight) x).grams()).toList();
        assertEquals(ga, gb);
    }

    @Test
    void visitorsTouchNothingUntilTheyAreLetInAndThenStaffTopLanesUpToTheMostTheyHeld() throws Exception {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, UNPACED.withActivity(SimulatedShelf.Activity.IDLE));
        s.setRestockMode(true);
        s.restock("2", 4);
        take(s, 80 * 2 * 10);
        s.setRestockMode(false);
        take(s, 80 * 2 * 60);
        assertEquals(4, s.lanes().get(0).count());
        assertEquals(10, s.lanes().get(1).count());
        s.setActivity(SimulatedShelf.Activity.RANDOM);
        int most = 0;
        boolean touched = false;
        for (int i = 0; i < 600; i++) {
            take(s, 80 * 2);
            touched |= s.lanes().stream().anyMatch(v -> v.held() > 0);
            most = Math.max(most, s.lanes().get(1).count());
        }
        assertTrue(touched, "random visitors lift items once let in");
        assertEquals(10, most, "staff restock honey up to the ten it held, never beyond");
    }

    @Test
    void readingsStartNearTheWeightOfTheInitialItems() throws Exception {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, UNPACED.withActivity(SimulatedShelf.Activity.IDLE));
        double lane1 = take(s, 200).stream().filter(x -> x instanceof Sample.Weight w && w.lane().equals("1"))
                .mapToDouble(x -> ((Sample.Weight) x).grams()).average().orElseThrow();
        assertEquals(4 * 2500, lane1, 4 * 2500 * 0.05);
    }

    @Test
    void liftingFromOutsideMovesTheLoadCellAndTheDetectorSeesAPick() throws Exception {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, UNPACED.withActivity(SimulatedShelf.Activity.IDLE));
        Detector d = Detectors.standard(LANES, 80);
        detect(s, d, 400);
        s.lift("2", 1);
        List<Detection> found = detect(s, d, 600);
        assertTrue(found.stream().anyMatch(x -> x.type() == Detection.Type.PICK && x.lane().equals("2")
                && x.qty() == 1), found.toString());
        assertEquals(5, s.lanes().get(1).count());
        assertEquals(1, s.lanes().get(1).held());
    }

    @Test
    void restockModeIsASampleAndRestockedItemsAreCountedAsRestocks() throws Exception {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, UNPACED.withActivity(SimulatedShelf.Activity.IDLE));
        Detector d = Detectors.standard(LANES, 80);
        detect(s, d, 400);
        s.setRestockMode(true);
        s.restock("1", 2);
        List<Sample> samples = new ArrayList<>();
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Sample x = s.next().orElseThrow();
            samples.add(x);
            found.addAll(d.accept(x));
        }
        assertTrue(samples.stream().anyMatch(x -> x instanceof Sample.Mode m && m.restock()));
        assertEquals(2, found.stream().filter(x -> x.type() == Detection.Type.RESTOCK).mapToInt(Detection::qty).sum(),
                found.toString());
    }

    @Test
    void theScriptTakesAndPutsBackItemsLaneByLane() throws Exception {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, UNPACED.withActivity(SimulatedShelf.Activity.SCRIPTED)
                .withScriptPeriodMs(1_500));
        Detector d = Detectors.standard(LANES, 80);
        // About 9 shelf seconds: takes from lanes 1 and 2, then puts one back on each.
        List<Detection> found = detect(s, d, 9 * 80 * 2);
        List<String> counted = found.stream().filter(x -> x.type() != Detection.Type.LIFT)
                .map(x -> x.type() + ":" + x.lane()).toList();
        assertEquals(List.of("PICK:1", "PICK:2", "PUTBACK:1", "PUTBACK:2"), counted.subList(0, 4));
    }

    @Test
    void anUnknownLaneIsRefusedWithTheLanesThatExist() {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, UNPACED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.lift("9", 1));
        assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
    }

    @Test
    void closingEndsTheStream() throws Exception {
        SimulatedShelf s = new SimulatedShelf(LANES, 80, SimulatedShelf.Options.defaults());
        s.next();
        s.close();
        assertEquals(Optional.empty(), s.next());
    }
}
