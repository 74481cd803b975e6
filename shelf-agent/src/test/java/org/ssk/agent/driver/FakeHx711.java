package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An HX711 as its datasheet's serial interface describes it, on Pi4J mock pins: it listens to the
 * PD_SCK output and drives its DOUT input. DOUT low = a conversion is ready; each rising edge of
 * PD_SCK puts the next bit (MSB first, 24-bit two's complement) on DOUT; the 25th rising edge pulls
 * DOUT high (channel A, gain 128 next) until the next conversion is done, one conversion period
 * ({@link #PERIOD_NANOS} unless {@link #period(long)} says otherwise) later; PD_SCK high for over 60 us powers the chip down, and it resets when PD_SCK falls again,
 * losing the conversion being read.
 *
 * <p>Time is a {@link FakeNanos} shared with the driver, so a "JVM pause" in a pulse is a test's
 * decision ({@link #stretchPulse(int, long)}), never an accident of a loaded machine. Conversions
 * come from {@link #convert(int)}; wiring faults from {@link #disconnect()} and {@link #stickLow()}.
 * Several fakes may listen to one clock output: that is the shared-clock wiring.
 */
final class FakeHx711 {
    /** Default conversion period of the fake: short, so tests spend little fake time waiting. */
    static final long PERIOD_NANOS = 1_000_000;
    private long period = PERIOD_NANOS;
    private final MockDigitalInput dout;
    private final FakeNanos nanos;
    private final Deque<Integer> conversions = new ArrayDeque<>();
    private boolean shifting;
    private int pulses;
    private long risingAt;
    private boolean connected = true;
    private boolean stuckLow;
    private int powerDowns;
    private int lastReadPulses;
    private Integer steady;
    private long readyAt;
    private int stretchAt = -1;
    private long stretchNanos;
    private int noisePeak;
    private long conversionsServed;

    FakeHx711(MockDigitalOutput clock, MockDigitalInput dout, FakeNanos nanos) {
        this.dout = dout;
        this.nanos = nanos;
        clock.addListener(this::onClock);
        nanos.onAdvance(this::idle);
    }

    /** Queues a conversion (signed 24-bit counts); DOUT goes low when it is the next one. */
    FakeHx711 convert(int... counts) {
        for (int c : counts) {
            conversions.add(c);
        }
        idle();
        return this;
    }

    /** The conversion period, as the board's RATE pin sets it: 100 ms low, 12.5 ms high. */
    FakeHx711 period(long nanos) {
        period = nanos;
        return this;
    }

    /** From now on, when nothing is queued, every conversion is {@code counts}: a load resting on the cell. */
    FakeHx711 hold(int counts) {
        steady = counts;
        idle();
        return this;
    }

    /**
     * Adds the few counts of noise every real conversion carries (deterministic, within
     * ±{@code peak}); a cell that repeats one exact value is frozen, and the detector says so.
     */
    FakeHx711 noise(int peak) {
        noisePeak = peak;
        return this;
    }

    /** The chip is gone: DOUT floats and the Pi's pull-up makes it read high. */
    void disconnect() {
        connected = false;
        dout.mockState(DigitalState.HIGH);
    }

    /** DOUT shorted to ground. */
    void stickLow() {
        stuckLow = true;
        dout.mockState(DigitalState.LOW);
    }

    /** Holds PD_SCK's {@code pulse}-th rising edge (1-based) high for {@code nanos}, as a JVM pause would. */
    void stretchPulse(int pulse, long nanos) {
        stretchAt = pulse;
        stretchNanos = nanos;
    }

    int powerDowns() {
        return powerDowns;
    }

    /** Pulses of the last complete read: 25 means channel A, gain 128 for the next conversion. */
    int lastReadPulses() {
        return lastReadPulses;
    }

    int queued() {
        return conversions.size();
    }

    private void onClock(DigitalStateChangeEvent<?> e) {
        if (e.state() == DigitalState.HIGH) {
            risingAt = nanos.nanoTime();
            if (!shifting && hasConversion() && connected && !stuckLow) {
                if (conversions.isEmpty()) {
                    int jitter = noisePeak == 0 ? 0 : (int) (conversionsServed++ * 3 % (2 * noisePeak + 1)) - noisePeak;
                    conversions.add(steady + jitter);
                }
                shifting = true;
                pulses = 0;
            }
            if (shifting) {
                pulses++;
                if (pulses == stretchAt) {
                    nanos.advance(stretchNanos);
                    stretchAt = -1;
                }
                int bits = conversions.peek();
                drive(pulses <= 24 && ((bits >> (24 - pulses)) & 1) == 0 ? DigitalState.LOW : DigitalState.HIGH);
            }
            return;
        }
        if (nanos.nanoTime() - risingAt > 60_000) {
            // Power-down, then reset on wake: the conversion being read is lost.
            powerDowns++;
            if (shifting) {
                conversions.poll();
                shifting = false;
            }
            readyAt = nanos.nanoTime() + period;
            idle();
            return;
        }
        if (shifting && pulses >= 25) {
            lastReadPulses = pulses;
            conversions.poll();
            shifting = false;
            readyAt = nanos.nanoTime() + period;
            idle();
        }
    }

    /** Between reads: DOUT low once the next conversion is done, if there is one. */
    private void idle() {
        if (!shifting) {
            drive(hasConversion() && nanos.nanoTime() >= readyAt ? DigitalState.LOW : DigitalState.HIGH);
        }
    }

    private boolean hasConversion() {
        return !conversions.isEmpty() || steady != null;
    }

    private void drive(DigitalState s) {
        if (stuckLow) {
            dout.mockState(DigitalState.LOW);
        } else if (connected) {
            dout.mockState(s);
        }
    }
}
