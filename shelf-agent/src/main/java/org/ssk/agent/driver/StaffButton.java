package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The staff button: a push button between a GPIO (pull-up on) and ground, so pressed reads low.
 * Presses are counted from the pin's edge events, debounced in software (a contact bounces for a
 * few ms; edges closer than {@link #DEBOUNCE_MS} to the last accepted one are ignored), and taken
 * by the sampling loop with {@link #takePresses()}.
 *
 * <p>Thread-safe: Pi4J delivers edges on its own thread; the loop takes presses on another.
 */
public final class StaffButton implements AutoCloseable {
    static final long DEBOUNCE_MS = 50;

    private final DigitalInput in;
    private final LongSupplier clockMs;
    private final AtomicInteger presses = new AtomicInteger();
    private final DigitalStateChangeListener listener = this::onEdge;
    private long lastEdgeMs = Long.MIN_VALUE / 2;

    public StaffButton(DigitalInput in) {
        // Monotonic: after a wall clock set back by hours, presses would be 'too soon' for hours.
        this(in, () -> System.nanoTime() / 1_000_000);
    }

    StaffButton(DigitalInput in, LongSupplier clockMs) {
        this.in = in;
        this.clockMs = clockMs;
        in.addListener(listener);
    }

    /** Presses since the last call. */
    public int takePresses() {
        return presses.getAndSet(0);
    }

    /** Whether the button is held down right now. */
    public boolean isPressed() {
        return in.isLow();
    }

    public String describe() {
        return "staff button on GPIO" + in.config().address();
    }

    private synchronized void onEdge(DigitalStateChangeEvent<?> e) {
        long now = clockMs.getAsLong();
        if (now - lastEdgeMs < DEBOUNCE_MS) {
            return;
        }
        lastEdgeMs = now;
        if (e.state() == DigitalState.LOW) {
            presses.incrementAndGet();
        }
    }

    @Override
    public void close() {
        in.removeListener(listener);
    }
}
