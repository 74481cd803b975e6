package org.ssk.agent.source;

import java.io.IOException;
import java.util.Optional;
import org.ssk.agent.detect.Sample;

/**
 * Where a shelf agent's samples come from: real load cells and proximity sensors, a recorded trace,
 * or a simulated shelf. Pull-based: the agent's run loop calls {@link #next()} on its one thread and
 * feeds what it gets to the detector, so a source needs no callbacks and no queue of its own unless
 * its hardware pushes.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #next()} blocks until the next sample is due and returns it; samples come in
 *       non-decreasing {@code tMs} order (the shelf clock, epoch ms when live). It returns empty
 *       when the source has ended for good (a trace ran out, or {@link #close()} was called).</li>
 *   <li>A sensor that cannot be read is reported as a {@link Sample.ReadError} sample, not as an
 *       exception, so the detector can raise a {@code sensor_fault}; {@link IOException} is for a
 *       source that cannot go on at all (a trace file that is malformed, a bus that vanished).</li>
 *   <li>{@link #next()} is called from one thread only; {@link #close()} may be called from any
 *       thread, also while {@link #next()} is blocked, and makes it return empty promptly.</li>
 * </ul>
 */
public interface SensorSource extends AutoCloseable {

    /**
     * The next sample, blocking until it is due; empty once the source has ended or was closed.
     *
     * @throws IOException when the source cannot produce samples any more
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    Optional<Sample> next() throws IOException, InterruptedException;

    /**
     * Re-zeroes a lane's load cell that staff have emptied ({@code lane == null}: every lane), on
     * the hub's {@code tare} command. Called from the run loop's thread between two {@link #next()}.
     *
     * @return false when this source cannot tare (a replayed trace, a simulation)
     */
    default boolean tare(String lane) {
        return false;
    }

    /** Stops the source and releases its devices or files. Idempotent; never throws. */
    @Override
    void close();
}
