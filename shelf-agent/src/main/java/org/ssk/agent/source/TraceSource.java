package org.ssk.agent.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.trace.Trace;
import org.slf4j.LoggerFactory;

/**
 * Replays a recorded {@link Trace} as a live source: paced in real time ({@code speed = 1}),
 * accelerated ({@code speed = 10}: ten trace seconds per wall second) or as fast as the caller
 * pulls ({@code speed <= 0}). With {@code rebase} the samples' times are moved so the trace starts
 * at the wall clock's now (a live-looking shelf for a demo); without, they keep trace time, as
 * {@code replay} does. Ends when the trace does. One reader thread; {@link #close()} from any.
 */
public final class TraceSource implements SensorSource {
    private final Trace.Samples samples;
    private final double speed;
    private final boolean rebase;
    private long firstTraceMs = -1;
    private long startNanos;
    private long offsetMs;
    private volatile boolean closed;
    private volatile Thread reader;

    private TraceSource(Trace.Samples samples, double speed, boolean rebase) {
        this.samples = samples;
        this.speed = speed;
        this.rebase = rebase;
    }

    /** Opens the trace's rows; close the source to release the file. */
    public static TraceSource open(Trace trace, double speed, boolean rebase) throws IOException {
        return new TraceSource(trace.samples(), speed, rebase);
    }

    @Override
    public Optional<Sample> next() throws IOException, InterruptedException {
        reader = Thread.currentThread();
        if (closed) {
            return Optional.empty();
        }
        Sample s;
        try {
            if (!samples.hasNext()) {
                return Optional.empty();
            }
            s = samples.next();
        } catch (UncheckedIOException e) {
            if (closed) {
                return Optional.empty();
            }
            throw e.getCause();
        }
        if (firstTraceMs < 0) {
            firstTraceMs = s.tMs();
            startNanos = System.nanoTime();
            offsetMs = rebase ? System.currentTimeMillis() - firstTraceMs : 0;
        }
        if (speed > 0) {
            long due = startNanos + (long) ((s.tMs() - firstTraceMs) / speed * 1_000_000);
            for (long wait; !closed && (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            if (closed) {
                return Optional.empty();
            }
        }
        return Optional.of(offsetMs == 0 ? s : shift(s, offsetMs));
    }

    private static Sample shift(Sample s, long by) {
        return switch (s) {
            case Sample.Weight w -> new Sample.Weight(w.tMs() + by, w.lane(), w.grams());
            case Sample.Proximity p -> new Sample.Proximity(p.tMs() + by, p.mm());
            case Sample.Mode m -> new Sample.Mode(m.tMs() + by, m.restock());
            case Sample.ReadError e -> new Sample.ReadError(e.tMs() + by, e.lane(), e.reason());
        };
    }

    @Override
    public void close() {
        closed = true;
        Thread r = reader;
        if (r != null) {
            LockSupport.unpark(r);
        }
        try {
            samples.close();
        } catch (IOException e) {
            // Closing a file we only read cannot lose data; worth a line in the log, not a failure.
            LoggerFactory.getLogger(TraceSource.class).debug("closing the trace: {}", e.getMessage());
        }
    }
}
