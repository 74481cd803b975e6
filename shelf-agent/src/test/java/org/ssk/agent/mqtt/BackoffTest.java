package org.ssk.agent.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void waitsDoubleFromTheMinimumUpToTheMaximumWithAtMostAQuarterOfJitter() {
        Backoff b = new Backoff(100, 1_000);
        long[] base = {100, 200, 400, 800, 1_000, 1_000};
        for (long expected : base) {
            assertEquals(expected, b.currentMs());
            long wait = b.failed();
            assertTrue(wait >= expected && wait <= expected + expected / 4, "wait " + wait + " for " + expected);
        }
    }

    @Test
    void aSuccessfulConnectStartsTheNextFailuresAtTheMinimumAgain() {
        Backoff b = new Backoff(100, 1_000);
        b.failed();
        b.failed();
        b.succeeded();
        assertEquals(100, b.currentMs());
    }

    @Test
    void aMaximumBelowTheMinimumIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(500, 100));
    }
}
