package org.ssk.agent.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock that runs with the system's but can be set back or forward at any moment, as NTP
 * or an operator sets a Pi's clock: {@code millis() = system millis + shift}. For the clock-jump
 * tests of the agent and the hub; production uses {@link Clock#systemUTC()}. Thread-safe.
 */
public final class SettableClock extends Clock {
    private volatile long shiftMs;

    /** Moves the clock by {@code by} (negative: back) from now on. */
    public void jump(Duration by) {
        shiftMs += by.toMillis();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + shiftMs;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a UTC clock");
    }
}
