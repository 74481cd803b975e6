package org.ssk.agent.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShelfClockTest {
    private static final long START = Instant.parse("2026-11-23T08:00:00Z").toEpochMilli();

    /** A wall clock and a monotonic counter moved by hand. */
    private final AtomicLong wall = new AtomicLong(START);
    private final AtomicLong nanos = new AtomicLong(123_456_789);
    private final ShelfClock clock = new ShelfClock(new Clock() {
        @Override
        public long millis() {
            return wall.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(wall.get());
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }, nanos::get);

    private void pass(long ms) {
        wall.addAndGet(ms);
        nanos.addAndGet(ms * 1_000_000);
    }

    @Test
    void sampleTimeStartsAtTheWallTimeAndThenIgnoresTheWallClock() {
        assertEquals(START, clock.monoMs());
        pass(1_000);
        assertEquals(START + 1_000, clock.monoMs());
        wall.addAndGet(-3 * 3_600_000);
        assertEquals(START + 1_000, clock.monoMs(), "setting the wall clock back does not move sample time");
        pass(500);
        wall.addAndGet(5 * 3_600_000);
        assertEquals(START + 1_500, clock.monoMs());
        assertEquals(1_500, clock.uptimeMs());
    }

    @Test
    void eventTimesFollowTheCorrectedWallClockAndTheJumpIsReported() {
        pass(10_000);
        long sample = clock.monoMs() - 200;
        assertEquals(START + 9_800, clock.wallMs(sample));
        assertTrue(clock.fault().isEmpty());

        wall.addAndGet(-3 * 3_600_000);
        assertEquals(START + 9_800 - 3 * 3_600_000, clock.wallMs(sample), "the wall clock's new reckoning");
        assertEquals(1, clock.jumps());
        assertTrue(clock.fault().orElseThrow().contains("-3h"), clock.fault().toString());

        wall.addAndGet(5 * 3_600_000);
        pass(1_000);
        assertEquals(START + 11_000 + 2 * 3_600_000, clock.wallMs(clock.monoMs()));
        assertEquals(2, clock.jumps());
        assertTrue(clock.fault().orElseThrow().contains("+5h"), clock.fault().toString());

        pass(ShelfClock.FAULT_HOLD_MS + 1);
        assertTrue(clock.fault().isEmpty(), "a jump is reported for a while, not forever");
    }

    @Test
    void slowDriftBetweenTheClocksIsNoJump() {
        for (int i = 0; i < 100; i++) {
            pass(1_000);
            wall.addAndGet(50);
            clock.wallMs(clock.monoMs());
        }
        assertEquals(0, clock.jumps());
        assertEquals(wall.get(), clock.wallMs(clock.monoMs()));
    }

    @Test
    void aSettableClockJumpsBothWays() {
        SettableClock c = new SettableClock();
        long before = c.millis();
        c.jump(Duration.ofHours(-3));
        assertTrue(c.millis() < before - 3 * 3_600_000 + 60_000);
        c.jump(Duration.ofHours(5));
        assertTrue(c.millis() >= before + 2 * 3_600_000);
    }
}
