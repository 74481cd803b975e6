package org.ssk.agent.driver;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * HX711 load-cell ADCs bit-banged on GPIO: one or more chips whose PD_SCK inputs share one clock
 * line, each with its own DOUT line. Every clock pulse shifts one bit out of every chip at once,
 * so the chips are always read together, in lock-step, and {@link #channel(int)} hands each lane a
 * {@link LoadCell} view that consumes its share of the last round. Channel A at gain 128 only
 * (25 pulses per conversion, datasheet table 3).
 *
 * <p>Timing (HX711 datasheet, "Serial Interface"): DOUT low means a conversion is ready; each
 * PD_SCK rising edge shifts out the next bit, MSB first, 24 bits two's complement; the 25th pulse
 * selects channel A / gain 128 for the next conversion and pulls DOUT back high. PD_SCK held high
 * for more than 60 us powers the chip down; a JVM pause in the middle of a pulse can do exactly that,
 * so the high phase is only the two GPIO writes (bits are read in the low phase, however many chips
 * share the clock), every high phase is timed, and a round with a pulse over {@link #MAX_HIGH_NANOS}
 * is abandoned: the chips are reset together and read again.
 *
 * <p>Faults become {@link SensorException}s of the lanes concerned, never a hang: a DOUT that never
 * goes low (no chip, no power, the Pi-side pull-up reading an open wire) times out after
 * {@code readyTimeout}; a DOUT still low after the 25th pulse is stuck low (shorted to ground). A
 * chip that is not ready while its neighbours are does not hold the others back past the timeout.
 *
 * <p>Not thread-safe: one thread reads a bank and its channels.
 */
public final class Hx711Bank implements AutoCloseable {
    /** Longest high phase we accept; the chip powers down at 60 us (datasheet T3/power-down). */
    static final long MAX_HIGH_NANOS = 50_000;
    private static final int PULSES = 25;
    private static final int ATTEMPTS = 3;
    private static final long POLL_NANOS = 200_000;
    /** Well past the 60 us that guarantees power-down. */
    private static final long RESET_NANOS = 100_000;

    private final DigitalOutput clock;
    private final List<DigitalInput> data;
    private final Duration readyTimeout;
    private final Ticker ticker;
    private final Result[] pending;
    /** Chips whose last read failed: not waited for, so one dead board does not slow its neighbours. */
    private final boolean[] suspect;
    private long stretchedPulses;
    private long pulses;
    private long longestHighNanos;

    /** A channel's share of one round: counts, or why there are none. */
    private record Result(int counts, SensorException fault) {
    }

    /**
     * @param clock        the shared PD_SCK line
     * @param data         the DOUT line of each chip, in channel order (inputs with a pull-up, so an
     *                     absent chip reads "not ready" rather than noise)
     * @param readyTimeout how long to wait for DOUT low: several conversion periods, plus the
     *                     settling time after power-up (400 ms at 10 SPS, 50 ms at 80 SPS)
     */
    public Hx711Bank(DigitalOutput clock, List<DigitalInput> data, Duration readyTimeout) {
        this(clock, data, readyTimeout, Ticker.SYSTEM);
    }

    Hx711Bank(DigitalOutput clock, List<DigitalInput> data, Duration readyTimeout, Ticker ticker) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("an HX711 bank needs at least one data line");
        }
        this.clock = Objects.requireNonNull(clock);
        this.data = List.copyOf(data);
        this.readyTimeout = readyTimeout;
        this.ticker = ticker;
        this.pending = new Result[data.size()];
        this.suspect = new boolean[data.size()];
        clock.low();
    }

    /** How many chips share the clock. */
    public int size() {
        return data.size();
    }

    /** Pulses that were held high too long and made a round be read again, since start. */
    public long stretchedPulses() {
        return stretchedPulses;
    }

    /** Clock pulses sent since start. */
    public long pulses() {
        return pulses;
    }

    /**
     * The longest PD_SCK high phase measured since start, ns: on a Pi, the figure to compare with the
     * chip's 60 us power-down threshold.
     */
    public long longestHighNanos() {
        return longestHighNanos;
    }

    /** Which pins, for messages: {@code "HX711 on PD_SCK GPIO5 (DOUT GPIO6, GPIO13)"}. */
    public String describeBank() {
        List<String> pins = new ArrayList<>();
        data.forEach(d -> pins.add("GPIO" + pinOf(d)));
        return "HX711 on PD_SCK GPIO" + pinOf(clock) + " (DOUT " + String.join(", ", pins) + ")";
    }

    /** The load cell on data line {@code index}, reading through this bank. */
    public LoadCell channel(int index) {
        Objects.checkIndex(index, data.size());
        return new Channel(index);
    }

    /**
     * Reads one conversion from every chip at once. Element {@code i} is chip {@code i}'s counts;
     * throws the first fault when any chip could not be read ({@link #channel(int)} views give
     * per-lane results instead).
     */
    public int[] readAll() throws SensorException {
        Result[] r = round();
        int[] counts = new int[r.length];
        for (int i = 0; i < r.length; i++) {
            if (r[i].fault() != null) {
                throw r[i].fault();
            }
            counts[i] = r[i].counts();
        }
        return counts;
    }

    /** Holds the clock high: every chip on it powers down after 60 us, until the next read. */
    public void powerDown() {
        clock.high();
    }

    @Override
    public void close() {
        try {
            powerDown();
        } catch (RuntimeException e) {
            // Closing on the way out: a GPIO already released by Pi4J's shutdown is fine.
            LoggerFactory.getLogger(Hx711Bank.class).debug("HX711 power-down on close failed: {}", e.getMessage());
        }
    }

    private Result[] round() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Result[] r;
            try {
                r = clockOut();
            } catch (RuntimeException e) {
                return failAll(new SensorException(describeBank() + ": GPIO error (" + e.getMessage() + ")", e));
            }
            if (r != null) {
                for (int i = 0; i < r.length; i++) {
                    suspect[i] = r[i].fault() != null;
                }
                return r;
            }
            stretchedPulses++;
            reset();
        }
        SensorException e = new SensorException(describeBank() + ": every read was disturbed (a clock pulse"
                + " held high over 50 us, " + ATTEMPTS + " times in a row); the Pi is overloaded"
                + " or the JVM pauses too long");
        return failAll(e);
    }

    private Result[] failAll(SensorException e) {
        Result[] all = new Result[data.size()];
        Arrays.fill(all, new Result(0, e));
        return all;
    }

    /** One round of 25 pulses; null when a pulse was stretched past {@link #MAX_HIGH_NANOS}. */
    private Result[] clockOut() {
        clock.low();
        boolean[] ready = awaitReady();
        int n = data.size();
        Result[] out = new Result[n];
        if (!anyTrue(ready)) {
            for (int i = 0; i < n; i++) {
                out[i] = new Result(0, notReady(i));
            }
            return out;
        }
        int[] bits = new int[n];
        boolean[] lowAfter = new boolean[n];
        for (int pulse = 0; pulse < PULSES; pulse++) {
            // Keep the high phase to the two GPIO writes: the bit is valid 0.1 us after the rising
            // edge and holds until the next one, so it is read in the low phase, where time is free.
            long t0 = ticker.nanoTime();
            clock.high();
            clock.low();
            long high = ticker.nanoTime() - t0;
            pulses++;
            longestHighNanos = Math.max(longestHighNanos, high);
            if (high > MAX_HIGH_NANOS) {
                // Some chips may have powered down mid-read and others not: stop here and reset them all.
                return null;
            }
            for (int i = 0; i < n; i++) {
                if (pulse < 24) {
                    bits[i] = (bits[i] << 1) | (data.get(i).isHigh() ? 1 : 0);
                } else {
                    // The 25th pulse pulls DOUT high on a healthy chip until its next conversion.
                    lowAfter[i] = data.get(i).isLow();
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!ready[i]) {
                out[i] = new Result(0, notReady(i));
            } else if (lowAfter[i]) {
                out[i] = new Result(0, new SensorException(describe(i) + ": DOUT stays low after the 25th"
                        + " clock pulse, the data line is stuck low; check for a short to ground and that the"
                        + " HX711's DOUT (DT) goes to GPIO" + pinOf(data.get(i))));
            } else {
                out[i] = new Result((bits[i] << 8) >> 8, null);
            }
        }
        return out;
    }

    /**
     * Powers every chip down and up again, so that after a disturbed read they all start a fresh
     * conversion from the same state instead of some being left half-read.
     */
    private void reset() {
        clock.high();
        ticker.pause(RESET_NANOS);
        clock.low();
    }

    /**
     * Waits until every DOUT is low or the timeout passes; which chips were ready. Chips that failed
     * last time are not waited for (they are read if ready by then), unless all of them failed.
     */
    private boolean[] awaitReady() {
        int n = data.size();
        boolean[] ready = new boolean[n];
        boolean allSuspect = true;
        for (boolean s : suspect) {
            allSuspect &= s;
        }
        long deadline = ticker.nanoTime() + readyTimeout.toNanos();
        while (true) {
            boolean all = true;
            for (int i = 0; i < n; i++) {
                ready[i] = data.get(i).isLow();
                all &= ready[i] || (suspect[i] && !allSuspect);
            }
            if (all || ticker.nanoTime() - deadline >= 0) {
                return ready;
            }
            ticker.pause(POLL_NANOS);
        }
    }

    private SensorException notReady(int i) {
        return new SensorException(describe(i) + ": no conversion within " + readyTimeout.toMillis()
                + " ms (DOUT never went low); check the HX711's power (VCC, VDD, GND) and its DOUT (DT) wire to GPIO"
                + pinOf(data.get(i)));
    }

    private static boolean anyTrue(boolean[] b) {
        for (boolean x : b) {
            if (x) {
                return true;
            }
        }
        return false;
    }

    String describe(int i) {
        return "HX711 on DOUT GPIO" + pinOf(data.get(i)) + " / PD_SCK GPIO" + pinOf(clock);
    }

    private static String pinOf(com.pi4j.io.gpio.digital.Digital<?, ?, ?> d) {
        Integer bcm = d.config().address();
        return bcm == null ? "?" : bcm.toString();
    }

    private final class Channel implements LoadCell {
        private final int index;

        Channel(int index) {
            this.index = index;
        }

        /** Returns this chip's part of the last round if not yet taken, else reads a new round. */
        @Override
        public int read() throws SensorException {
            if (pending[index] == null) {
                Result[] r = round();
                System.arraycopy(r, 0, pending, 0, r.length);
            }
            Result mine = pending[index];
            pending[index] = null;
            if (mine.fault() != null) {
                throw mine.fault();
            }
            return mine.counts();
        }

        @Override
        public String describe() {
            return Hx711Bank.this.describe(index);
        }
    }
}
