package org.ssk.agent.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The far level is learned per shelf: whatever is opposite, a hand in front reads near. */
class ProximityEvidenceTest {

    static Stream<Arguments> farSides() {
        Random r = new Random(5);
        return Stream.of(
                Arguments.of("a wall at 400 mm", (DoubleSupplier) () -> 400 * (1 + 0.02 * r.nextGaussian()), 250),
                Arguments.of("a shelf at 1200 mm, noisy", (DoubleSupplier) () -> 1100 + 200 * r.nextDouble(), 200),
                Arguments.of("nothing within range (8190)", (DoubleSupplier) () -> 8190, 150),
                Arguments.of("8190 flickering with a surface at 1800 mm",
                        (DoubleSupplier) () -> r.nextDouble() < 0.6 ? 8190 : 1800 * (1 + 0.03 * r.nextGaussian()), 300),
                Arguments.of("a wall at 2500 mm with 1 % glitches to 0, 8190 or anything",
                        (DoubleSupplier) () -> r.nextDouble() < 0.01 ? (r.nextBoolean() ? 0 : 8190) : 2500 + 40 * r.nextGaussian(),
                        400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("farSides")
    void aHandInFrontReadsNearAndNobodyReadsFar(String farSide, DoubleSupplier far, double handMm) {
        ProximityEvidence p = new ProximityEvidence();
        long t = 0;
        for (; t < 20_000; t += 50) {
            p.accept(t, far.getAsDouble());
        }
        long quietSince = p.lastNearMs();
        assertTrue(quietSince < 19_000 || quietSince > 20_000,
                farSide + ": nobody near, yet near at " + quietSince + " (far level " + p.farMm() + ")");
        p.accept(t, handMm);
        assertEquals(t, p.lastNearMs(), farSide + ": a hand at " + handMm + " mm (far level " + p.farMm() + ")");
        assertTrue(p.live(t));
    }

    @Test
    void aPasserByStandingNearForSecondsDoesNotMoveTheFarLevel() {
        ProximityEvidence p = new ProximityEvidence();
        long t = 0;
        for (; t < 10_000; t += 50) {
            p.accept(t, 1200);
        }
        for (; t < 18_000; t += 50) {
            p.accept(t, 600);
        }
        assertTrue(p.farMm() > 1100, "far level " + p.farMm());
        assertEquals(t - 50, p.lastNearMs());
    }

    @Test
    void aShelfWithoutASensorIsNotLive() {
        ProximityEvidence p = new ProximityEvidence();
        assertFalse(p.live(0));
        p.accept(1000, 1200);
        assertTrue(p.live(2500));
        assertFalse(p.live(3100));
    }
}
