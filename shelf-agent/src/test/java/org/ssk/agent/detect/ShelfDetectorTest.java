package org.ssk.agent.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssk.agent.detect.SyntheticShelf.lane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One physical effect per row, on synthetic signals: what the detector must decide (lifts aside),
 * written as {@code type:lane:qty} (or {@code anomaly:lane:kind}), in order.
 */
class ShelfDetectorTest {

    static Stream<Arguments> effects() {
        return Stream.of(
                Arguments.of("a plain pick at 80 sps",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5), lane("2", 296, 4))
                                .move("1", 2000, -1, 505, 300),
                        List.of("pick:1:1")),
                Arguments.of("a pick at 10 sps",
                        new SyntheticShelf(10, 1.5, lane("1", 505, 5)).move("1", 2000, -1, 500, 300),
                        List.of("pick:1:1")),
                Arguments.of("two light items slid off over 1.4 s at 10 sps are one pick of two, not two picks",
                        new SyntheticShelf(10, 3.0, lane("1", 85, 8)).move("1", 2000, -2, 85, 1400),
                        List.of("pick:1:2")),
                Arguments.of("a heavy item at 10 sps whose tray still rings",
                        new SyntheticShelf(10, 1.5, lane("1", 2510, 6)).move("1", 2000, -1, 2500, 300)
                                .ring("1", 2300, 90, 4, 400),
                        List.of("pick:1:1")),
                Arguments.of("a pick at 320 sps",
                        new SyntheticShelf(320, 1.5, lane("1", 1180, 5)).move("1", 2000, -1, 1190, 250),
                        List.of("pick:1:1")),
                Arguments.of("a hand presses the item before lifting it",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).press("1", 1500, 60, 500)
                                .move("1", 2000, -1, 505, 300),
                        List.of("pick:1:1")),
                Arguments.of("the tray rings after the lift",
                        new SyntheticShelf(80, 1.5, lane("1", 1065, 5)).move("1", 2000, -1, 1065, 200)
                                .ring("1", 2200, 120, 5, 250),
                        List.of("pick:1:1")),
                Arguments.of("a touch without taking anything",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).press("1", 2000, 150, 400),
                        List.of()),
                Arguments.of("a visitor leans on the shelf for two seconds",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5), lane("2", 1065, 4), lane("3", 296, 6))
                                .lean(2000, 2000, 1010, 1065, 600),
                        List.of()),
                Arguments.of("a lean the proximity sensor does not see, on a shelf with one lane blind",
                        new SyntheticShelf(80, 1.5, lane("1", 92, 5), lane("2", 172, 4))
                                .freeze("2", 1000, 9000, null)
                                .knock("1", 4000, 2500, 920),
                        List.of("anomaly:2:sensor_fault")),
                Arguments.of("two items taken in one motion",
                        new SyntheticShelf(80, 1.5, lane("1", 1065, 5)).move("1", 2000, -2, 1070, 400),
                        List.of("pick:1:2")),
                Arguments.of("a pick then the put-back of the same item",
                        new SyntheticShelf(80, 1.5, lane("1", 415, 5)).move("1", 2000, -1, 415, 300)
                                .move("1", 5000, 1, 415, 300),
                        List.of("pick:1:1", "putback:1:1")),
                Arguments.of("restock mode turns gains into restocks",
                        new SyntheticShelf(80, 1.5, lane("1", 296, 2)).mode(1000, true)
                                .move("1", 2000, 3, 300, 600).mode(5000, false),
                        List.of("restock:1:3")),
                Arguments.of("a product from another lane: not a whole number of items",
                        new SyntheticShelf(80, 1.5, lane("1", 172, 5)).move("1", 2000, 1, 413, 300),
                        List.of("anomaly:1:foreign_item")),
                Arguments.of("a product of the same weight that nobody took from this lane",
                        new SyntheticShelf(80, 1.5, lane("1", 296, 5)).move("1", 2000, 1, 296, 300),
                        List.of("anomaly:1:foreign_item")),
                Arguments.of("the foreign product is taken away again",
                        new SyntheticShelf(80, 1.5, lane("1", 172, 5)).move("1", 2000, 1, 413, 300)
                                .move("1", 6000, -1, 413, 300),
                        List.of("anomaly:1:foreign_item")),
                Arguments.of("slow drift is not an item",
                        new SyntheticShelf(80, 1.5, lane("1", 92, 5)).drift("1", 2.0),
                        List.of()),
                Arguments.of("single-sample ADC glitches are ignored",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).spike("1", 2000, 5600).spike("1", 4000, -3000),
                        List.of()),
                Arguments.of("a saturated load cell is one sensor fault",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).freeze("1", 2000, 6000, null),
                        List.of("anomaly:1:sensor_fault")),
                Arguments.of("a frozen reading is one sensor fault, and counting resumes after",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).freeze("1", 2000, 5000, 2777.0)
                                .move("1", 7000, -1, 505, 300),
                        List.of("anomaly:1:sensor_fault", "pick:1:1")),
                Arguments.of("without a proximity sensor a pick still counts",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).withoutProximity().move("1", 2000, -1, 505, 300),
                        List.of("pick:1:1")),
                Arguments.of("an item taken and returned with no hand seen still counts (proximity is no veto)",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5)).knock("1", 3000, 2000, -505),
                        List.of("pick:1:1", "putback:1:1")),
                Arguments.of("a gain like no product of the shelf, with no hand seen, that ends like a lean",
                        new SyntheticShelf(80, 1.5, lane("1", 505, 5), lane("2", 296, 4)).knock("1", 3000, 4000, 1815),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("effects")
    void eachPhysicalEffectGivesTheRightDecisions(String effect, SyntheticShelf shelf, List<String> expected) {
        assertEquals(expected, decisions(shelf, 10_000), effect);
    }

    @Test
    void countsFollowTheItemsThatLeftAndCameBack() {
        SyntheticShelf shelf = new SyntheticShelf(80, 1.5, lane("1", 505, 5), lane("2", 296, 4))
                .move("1", 2000, -2, 505, 300).move("2", 4000, -1, 296, 300).move("1", 6000, 1, 505, 300);
        Detector d = run(shelf, 9000, new ArrayList<>());
        assertEquals(Map.of("1", 4, "2", 3), d.counts());
        assertTrue(d.faultyLanes().isEmpty());
    }

    @Test
    void atTenSamplesPerSecondAWeightThatLandedIsCountedOnItsSecondStillReading() {
        // Readings 100 ms apart; the item is gone at 2300 ms: still readings at 2300 and 2400.
        SyntheticShelf shelf = new SyntheticShelf(10, 1.5, lane("1", 505, 5)).move("1", 2000, -1, 505, 300);
        List<Detection> all = new ArrayList<>();
        run(shelf, 5000, all);
        Detection pick = all.stream().filter(d -> d.type() == Detection.Type.PICK).findFirst().orElseThrow();
        assertEquals(1, pick.qty());
        assertTrue(pick.tMs() <= 2400, "decided at " + pick.tMs() + " ms, a third reading (2500 ms) is not needed");
    }

    @Test
    void atTenSamplesPerSecondARingSmallAgainstTheItemDoesNotHoldTheCountBack() {
        // 2.5 kg bag, the tray rings +-60 g (2.4 % of an item, far above the noise) for about a second.
        SyntheticShelf shelf = new SyntheticShelf(10, 1.5, lane("1", 2510, 6)).move("1", 2000, -1, 2510, 300)
                .ring("1", 2300, 60, 3.3, 1500);
        List<Detection> all = new ArrayList<>();
        run(shelf, 6000, all);
        Detection pick = all.stream().filter(d -> d.type() == Detection.Type.PICK).findFirst().orElseThrow();
        assertEquals(1, pick.qty());
        assertTrue(pick.tMs() <= 2600, "decided at " + pick.tMs() + " ms, while the tray still rings");
    }

    @Test
    void aLiftIsAnnouncedBeforeThePickIsDecided() {
        SyntheticShelf shelf = new SyntheticShelf(80, 1.5, lane("1", 505, 5)).move("1", 2000, -1, 505, 300);
        List<Detection> all = new ArrayList<>();
        run(shelf, 5000, all);
        assertEquals(Detection.Type.LIFT, all.get(0).type());
        assertEquals(Detection.Type.PICK, all.get(1).type());
        assertTrue(all.get(0).tMs() < all.get(1).tMs());
        assertTrue(all.get(0).tMs() <= 2300, "lift at " + all.get(0).tMs());
    }

    @Test
    void aChangeNoHandWasSeenForIsMarkedUnseenAndOnlyThen() {
        List<Detection> unseen = counted(new SyntheticShelf(80, 1.5, lane("1", 505, 5)).knock("1", 3000, 100_000, -505));
        assertEquals(List.of(true), unseen.stream().map(Detection::unseen).toList());
        List<Detection> seen = counted(new SyntheticShelf(80, 1.5, lane("1", 505, 5)).move("1", 3000, -1, 505, 300));
        assertEquals(List.of(false), seen.stream().map(Detection::unseen).toList());
        List<Detection> blind = counted(new SyntheticShelf(80, 1.5, lane("1", 505, 5)).withoutProximity()
                .knock("1", 3000, 100_000, -505));
        assertEquals(List.of(false), blind.stream().map(Detection::unseen).toList(),
                "a shelf without a proximity sensor cannot tell, so it does not say unseen");
    }

    @Test
    void aDetectorResumedFromAnotherOnesStateKnowsWhatWasTaken() {
        SyntheticShelf before = new SyntheticShelf(80, 1.5, lane("1", 415, 5)).move("1", 2000, -1, 415, 300);
        Detector first = run(before, 5000, new ArrayList<>());
        DetectorState kept = first.state();
        assertEquals(4, kept.lanes().get(0).count());
        assertEquals(1, kept.lanes().get(0).outstanding());
        SyntheticShelf after = new SyntheticShelf(80, 1.5, lane("1", 415, 4)).move("1", 2000, 1, 415, 300);
        Detector second = new ShelfDetector(after.lanes(), 80, Tuning.standard());
        second.resume(kept);
        List<String> got = new ArrayList<>();
        for (Sample s : after.samples(5000, 3)) {
            second.accept(s).stream().filter(x -> x.type() != Detection.Type.LIFT).forEach(x -> got.add(name(x)));
        }
        assertEquals(List.of("putback:1:1"), got);
        assertEquals(Map.of("1", 5), second.counts());
    }

    @Test
    void aKeptStateOfAnotherProductIsNotTakenUp() {
        Detector first = run(new SyntheticShelf(80, 1.5, lane("1", 415, 5)).move("1", 2000, -1, 415, 300),
                5000, new ArrayList<>());
        Detector second = new ShelfDetector(List.of(new LaneSpec("1", "sku-other", 296, 10000, 7)), 80,
                Tuning.standard());
        second.resume(first.state());
        assertEquals(Map.of("1", 7), second.counts());
    }

    private static List<Detection> counted(SyntheticShelf shelf) {
        List<Detection> all = new ArrayList<>();
        run(shelf, 10_000, all);
        return all.stream().filter(x -> x.type() != Detection.Type.LIFT).toList();
    }

    @Test
    void aReadErrorFromTheDriverIsASensorFault() {
        Detector d = new ShelfDetector(List.of(lane("1", 505, 5)), 80, Tuning.standard());
        List<Detection> out = d.accept(new Sample.ReadError(100, "1", "no ACK from NAU7802 at 0x2A"));
        assertEquals(1, out.size());
        assertEquals("sensor_fault", out.get(0).kind().wireName());
        assertTrue(d.faultyLanes().contains("1"));
        assertTrue(d.accept(new Sample.ReadError(200, "1", "again")).isEmpty(), "reported once per episode");
    }

    @Test
    void aNewPlanogramChangesHowWeightIsCounted() {
        SyntheticShelf shelf = new SyntheticShelf(80, 1.5, lane("1", 250, 8)).move("1", 3000, -1, 500, 300);
        Detector d = new ShelfDetector(shelf.lanes(), 80, Tuning.standard());
        List<String> got = new ArrayList<>();
        boolean reconfigured = false;
        for (Sample s : shelf.samples(6000, 7)) {
            if (!reconfigured && s.tMs() >= 1000) {
                d.reconfigure(List.of(new LaneSpec("1", "sku-big", 500, 20000, 4)));
                reconfigured = true;
            }
            d.accept(s).stream().filter(x -> x.type() != Detection.Type.LIFT).forEach(x -> got.add(name(x)));
        }
        assertEquals(List.of("pick:1:1"), got);
    }

    static List<String> decisions(SyntheticShelf shelf, long endMs) {
        List<Detection> all = new ArrayList<>();
        run(shelf, endMs, all);
        return all.stream().filter(x -> x.type() != Detection.Type.LIFT).map(ShelfDetectorTest::name).toList();
    }

    private static Detector run(SyntheticShelf shelf, long endMs, List<Detection> out) {
        Detector d = new ShelfDetector(shelf.lanes(), shelf.sps(), Tuning.standard());
        for (Sample s : shelf.samples(endMs, 42)) {
            out.addAll(d.accept(s));
        }
        return d;
    }

    private static String name(Detection x) {
        return x.type() == Detection.Type.ANOMALY
                ? "anomaly:" + x.lane() + ":" + x.kind().wireName()
                : x.type().name().toLowerCase(java.util.Locale.ROOT) + ":" + x.lane() + ":" + x.qty();
    }
}
