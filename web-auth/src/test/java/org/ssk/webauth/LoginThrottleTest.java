package org.ssk.webauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's rules on a hand-moved clock: who waits, how long, and who never does. */
class LoginThrottleTest {
    /** A clock the test moves. */
    static final class Hands extends Clock {
        long ms = 1_700_000_000_000L;

        @Override
        public long millis() {
            return ms;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ms);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final Hands clock = new Hands();
    final LoginThrottle throttle = new LoginThrottle(clock, 5, 15 * 60_000L);

    @Test
    void aGuesserAtOneAddressWaitsLongerAfterEachFailureWhileTheRealUserElsewhereNeverWaits() {
        for (int i = 0; i < LoginThrottle.PAIR_FREE; i++) {
            assertEquals(0, throttle.waitMs("root", "10.0.0.66"));
            throttle.failed("root", "10.0.0.66");
        }
        long previous = 0;
        for (int i = 0; i < 6; i++) {
            assertEquals(0, throttle.waitMs("root", "10.0.0.66"), "the wait has passed");
            throttle.failed("root", "10.0.0.66");
            long wait = throttle.waitMs("root", "10.0.0.66");
            assertTrue(wait > previous, "failure " + (i + 5) + " waits " + wait + " ms, not more than " + previous);
            assertEquals(0, throttle.waitMs("root", "10.0.0.10"), "the admin's own desk is never slowed");
            previous = wait;
            clock.ms += wait;
        }
        throttle.failed("root", "10.0.0.66");
        assertEquals(LoginThrottle.PAIR_CAP_MS, throttle.waitMs("root", "10.0.0.66"), "the wait stops growing");
    }

    @Test
    void aSuccessFromTheAddressEndsItsWait() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("sam", "10.0.0.20");
        }
        assertTrue(throttle.waitMs("sam", "10.0.0.20") > 0);
        clock.ms += throttle.waitMs("sam", "10.0.0.20");
        throttle.succeeded("sam", "10.0.0.20");
        throttle.failed("sam", "10.0.0.20");
        assertEquals(0, throttle.waitMs("sam", "10.0.0.20"), "a typo after signing in does not wait");
    }

    @Test
    void oneAddressTryingManyNamesIsStoppedAndASuccessDoesNotResetIt() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("name" + i, "10.0.0.66");
        }
        throttle.succeeded("mallory", "10.0.0.66");
        assertTrue(throttle.waitMs("anyone", "10.0.0.66") > 0);
        assertEquals(0, throttle.waitMs("anyone", "10.0.0.67"));
        clock.ms += 15 * 60_000L;
        assertEquals(0, throttle.waitMs("anyone", "10.0.0.66"), "the window has passed");
    }

    @Test
    void guessesSpreadOverManyAddressesCloseTheNameOnlyToAddressesWhereItNeverSignedIn() {
        throttle.succeeded("root", "10.0.0.10");
        for (int i = 0; i < LoginThrottle.NAME_LIMIT; i++) {
            throttle.failed("root", "10.0.1." + i);
        }
        assertTrue(throttle.waitMs("root", "10.0.2.1") > 0, "a new address waits");
        assertEquals(0, throttle.waitMs("root", "10.0.0.10"), "the admin's known desk does not");
        assertEquals(0, throttle.waitMs("olga", "10.0.2.1"), "other names are untouched");
    }
}
