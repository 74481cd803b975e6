package org.ssk.agent.driver;

import java.time.Instant;
import java.util.function.IntConsumer;
import org.ssk.agent.config.AgentConfig;

/**
 * The arithmetic of calibrating a load cell: average readings with the tray empty (the offset) and
 * with a known weight on it (the span), and check that the weight made a clear difference.
 * Stateless; the prompts live in {@code shelf-agent calibrate}.
 */
public final class Calibrator {
    private Calibrator() {
    }

    /** Mean and standard deviation of {@code n} readings, in counts. */
    public record Stats(double mean, double sd, int n) {
    }

    /** A known weight that did not give a usable span. */
    public static final class CalibrationException extends Exception {
        private static final long serialVersionUID = 1L;

        public CalibrationException(String message) {
            super(message);
        }
    }

    /** Reads {@code n} conversions, calling {@code progress} with the count done after each. */
    public static Stats measure(LoadCell cell, int n, IntConsumer progress) throws SensorException {
        double sum = 0;
        double sumSq = 0;
        for (int i = 1; i <= n; i++) {
            int raw = cell.read();
            sum += raw;
            sumSq += (double) raw * raw;
            progress.accept(i);
        }
        double mean = sum / n;
        return new Stats(mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean)), n);
    }

    static double meanCounts(LoadCell cell, int n) throws SensorException {
        return measure(cell, n, i -> { }).mean();
    }

    /**
     * The calibration from an empty and a loaded measurement. The weight must move the reading by
     * at least ten times the noise (and 100 counts), or the scale would be mostly noise.
     */
    public static AgentConfig.Calibration calibration(Stats empty, Stats loaded, double knownGrams,
                                                      double capacityGrams, Instant at) throws CalibrationException {
        if (!(knownGrams > 0)) {
            throw new CalibrationException("the known weight must be more than 0 g");
        }
        double delta = loaded.mean() - empty.mean();
        double noise = Math.max(empty.sd(), loaded.sd());
        if (Math.abs(delta) < Math.max(100, 10 * noise)) {
            throw new CalibrationException(String.format(java.util.Locale.ROOT,
                    "the reading moved by only %.0f counts with %.0f g on the tray (noise %.0f counts): is the weight"
                            + " on this lane, and are the load cell's A+ and A- wires connected?", delta, knownGrams,
                    noise));
        }
        return new AgentConfig.Calibration(empty.mean(), delta / knownGrams, capacityGrams, at.toString());
    }
}
