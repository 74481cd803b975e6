package org.ssk.agent.time;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shelf's two clocks. A Pi has no real-time clock: it boots with the time it last saved and
 * NTP corrects it later, by hours either way, and an operator may set it by hand. So:
 * <ul>
 *   <li><b>Sample time</b> ({@link #monoMs()}): epoch-like ms that start at the wall time when this
 *       clock was made and then advance with the monotonic clock ({@code System.nanoTime}), never
 *       jumping whatever happens to the wall clock. Sensor samples, the detector's windows, the
 *       LED and uptime run on it.</li>
 *   <li><b>Wall time</b> ({@link #wallMs(long)}): a sample instant in the wall clock's current
 *       reckoning, for events' {@code t_ms} and telemetry: {@code sample + (wall now - mono now)}.
 *       After a correction, new events carry the corrected time; events stamped before it keep the
 *       old reckoning (they may be published already).</li>
 * </ul>
 * A change of more than {@link #JUMP_MS} in the offset between the two is a jump: logged, counted,
 * and reported by {@link #fault()} for {@link #FAULT_HOLD_MS} of sample time, so the operator
 * knows that events around it may carry times off by the jump. Slow NTP slewing moves both clocks
 * alike and is no jump. Thread-safe.
 */
public final class ShelfClock {
    private static final Logger LOG = LoggerFactory.getLogger(ShelfClock.class);

    /** Offset changes above this are jumps; below it, drift and scheduling noise. */
    public static final long JUMP_MS = 2_000;
    /** How long a jump stays reported as a fault. */
    public static final long FAULT_HOLD_MS = 15 * 60_000;

    private final Clock wall;
    private final LongSupplier nanos;
    private final long anchorMs;
    private final long anchorNanos;
    private long offsetMs;
    private long jumps;
    private long lastJumpMs;
    private long lastJumpAtMs = Long.MIN_VALUE / 2;

    /**
     * @param wall  the wall clock (the system's in production, a settable one in tests)
     * @param nanos a monotonic nanosecond counter ({@code System::nanoTime})
     */
    public ShelfClock(Clock wall, LongSupplier nanos) {
        this.wall = wall;
        this.nanos = nanos;
        this.anchorMs = wall.millis();
        this.anchorNanos = nanos.getAsLong();
    }

    /** The system's wall clock and {@code System.nanoTime}. */
    public static ShelfClock system() {
        return new ShelfClock(Clock.systemUTC(), System::nanoTime);
    }

    /** Sample time now: never decreasing, never jumping. */
    public long monoMs() {
        return anchorMs + Math.floorDiv(nanos.getAsLong() - anchorNanos, 1_000_000L);
    }

    /** Milliseconds since this clock was made, on the monotonic clock. */
    public long uptimeMs() {
        return monoMs() - anchorMs;
    }

    /** The wall time of sample instant {@code sampleMs}, by the wall clock's current reckoning. */
    public synchronized long wallMs(long sampleMs) {
        long mono = monoMs();
        long offset = wall.millis() - mono;
        long change = offset - offsetMs;
        if (Math.abs(change) > JUMP_MS) {
            jumps++;
            lastJumpMs = change;
            lastJumpAtMs = mono;
            LOG.warn("the wall clock jumped by {} (NTP correction or a manual change); event times follow the new"
                    + " reckoning, sampling and detection are not affected", describe(change));
        }
        offsetMs = offset;
        return sampleMs + offset;
    }

    /** Jumps seen so far. */
    public synchronized long jumps() {
        return jumps;
    }

    /** A recent jump, described for telemetry; empty when none in the last {@link #FAULT_HOLD_MS}. */
    public synchronized Optional<String> fault() {
        long ago = monoMs() - lastJumpAtMs;
        if (jumps == 0 || ago > FAULT_HOLD_MS) {
            return Optional.empty();
        }
        return Optional.of("clock: the wall clock jumped by " + describe(lastJumpMs) + " " + ago / 1000
                + " s ago; event times near it may be off by that much");
    }

    /** {@code +3h}, {@code -2h30m5s}: to the second (a jump is measured with a few ms of scheduling noise). */
    static String describe(long ms) {
        Duration d = Duration.ofSeconds(Math.round(Math.abs(ms) / 1000.0));
        return (ms < 0 ? "-" : "+") + d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
