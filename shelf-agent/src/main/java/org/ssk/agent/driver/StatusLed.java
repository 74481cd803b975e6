package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalOutput;
import org.slf4j.LoggerFactory;

/**
 * The shelf's status LED (GPIO high = on): steady on while all is well, a slow blink in restock
 * mode, a fast blink while a sensor is faulty, off when the agent is not running. Blinking is done
 * by the sampling loop calling {@link #tick(long)}, so there is no timer thread.
 *
 * <p>Not thread-safe: the sampling loop owns it.
 */
public final class StatusLed implements AutoCloseable {
    /** What the LED shows. */
    public enum Pattern {
        OFF(0), ON(0), RESTOCK(500), FAULT(125);

        final long halfPeriodMs;

        Pattern(long halfPeriodMs) {
            this.halfPeriodMs = halfPeriodMs;
        }
    }

    private final DigitalOutput out;
    private Pattern pattern = Pattern.OFF;

    public StatusLed(DigitalOutput out) {
        this.out = out;
        out.low();
    }

    public void show(Pattern p) {
        pattern = p;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Updates the pin for the time {@code nowMs}. */
    public void tick(long nowMs) {
        boolean on = switch (pattern) {
            case OFF -> false;
            case ON -> true;
            case RESTOCK, FAULT -> (nowMs / pattern.halfPeriodMs) % 2 == 0;
        };
        out.state(on ? com.pi4j.io.gpio.digital.DigitalState.HIGH : com.pi4j.io.gpio.digital.DigitalState.LOW);
    }

    @Override
    public void close() {
        try {
            out.low();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(StatusLed.class).debug("LED off on close failed: {}", e.getMessage());
        }
    }
}
