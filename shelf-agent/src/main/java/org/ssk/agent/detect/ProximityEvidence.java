package org.ssk.agent.detect;

/**
 * What a shelf's time-of-flight proximity sensor (VL53L0X across the shelf front, ~20 Hz) says
 * about hands: evidence that raises or lowers confidence, never a veto. With nobody near it reads
 * whatever is opposite: a wall or shelf anywhere from 400 mm to beyond its range, where it reports
 * an out-of-range code (8190) that often flickers with the far surface. That far level is learned
 * here, per shelf, from the readings themselves (level and spread), so mounting does not matter;
 * a reading clearly shorter than it is a hand or a body. Distances in mm, times in ms. Pure; not
 * thread-safe.
 *
 * <p>Single readings glitch to 0, to the out-of-range code or to anything between: the far level
 * learns from the median of three readings (a glitch never moves it), while a single short reading
 * still counts as near, because a hand glimpsed for 50 ms gives one reading and a false "near" only
 * costs the unseen mark of a change, never a count.
 */
final class ProximityEvidence {
    /** VL53L0X reports 8190 (8191 in some modes) when nothing is within range. */
    static final double OUT_OF_RANGE_MM = 8000;
    /** Readings come at ~20 Hz; this much silence means the sensor is gone (or there is none). */
    static final long SILENCE_MS = 2000;
    /** A near object reads at least this much shorter than the far level, whatever its noise. */
    static final double MIN_MARGIN_MM = 60;
    /** ... and at least this fraction of it (ToF ranging error grows with distance). */
    static final double MARGIN_FRACTION = 0.15;
    /** Spreads of far readings (mean absolute deviation) between the far level and "near". */
    static final double SPREAD_MARGIN = 5;
    /**
     * A hand taking from the shelf is within this distance of a sensor mounted on the shelf front,
     * whatever lies beyond: a surface farther away that shows only between out-of-range codes is the
     * far side, not a visitor.
     */
    static final double REACH_MM = 1000;

    private double farMm = Double.NaN;
    private double spreadMm;
    private long lastReadingMs = Long.MIN_VALUE / 2;
    private long lastNearMs = Long.MIN_VALUE / 2;
    private double prev1 = Double.NaN;
    private double prev2 = Double.NaN;

    void accept(long tMs, double mm) {
        if (Double.isNaN(mm)) {
            return;
        }
        lastReadingMs = tMs;
        boolean inRange = mm > 0 && mm < OUT_OF_RANGE_MM;
        if (inRange && mm < nearBelowMm()) {
            lastNearMs = tMs;
        }
        if (mm <= 0) {
            return;
        }
        double m = median3(inRange ? mm : OUT_OF_RANGE_MM);
        if (m >= OUT_OF_RANGE_MM) {
            // Nothing in range is far too: it lifts a level learned from a hand held in front at
            // start, slowly (over about ten seconds), so a surface flickering in and out stays the far side.
            if (!Double.isNaN(farMm)) {
                farMm += (OUT_OF_RANGE_MM - farMm) * 0.001;
            }
            return;
        }
        if (Double.isNaN(farMm)) {
            farMm = m;
            spreadMm = 0.02 * m;
            return;
        }
        if (m >= nearBelowMm()) {
            // Nobody near: the far surface. Rises fast (the first readings may have been a hand),
            // settles with a time constant of about a second.
            spreadMm += (Math.abs(m - farMm) - spreadMm) * 0.05;
            farMm += (m - farMm) * (m > farMm ? 0.2 : 0.05);
        } else {
            // Something near, or the far surface came closer for good (a shelf moved opposite):
            // drift towards it over minutes, so a passer-by for seconds hardly moves the level.
            farMm += (m - farMm) * 0.0005;
        }
    }

    /** Readings shorter than this are a hand or a body. */
    double nearBelowMm() {
        if (Double.isNaN(farMm)) {
            return REACH_MM;
        }
        return Math.min(REACH_MM,
                farMm - Math.max(Math.max(SPREAD_MARGIN * spreadMm, MARGIN_FRACTION * farMm), MIN_MARGIN_MM));
    }

    /** Whether the sensor gives readings at all (a shelf without one never does). */
    boolean live(long tMs) {
        return tMs - lastReadingMs <= SILENCE_MS;
    }

    /** When something was last seen near; very long ago when never. */
    long lastNearMs() {
        return lastNearMs;
    }

    /** The learned far level in mm, NaN before any in-range reading. */
    double farMm() {
        return farMm;
    }

    private double median3(double x) {
        double a = prev2;
        double b = prev1;
        prev2 = prev1;
        prev1 = x;
        if (Double.isNaN(a)) {
            return x;
        }
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), x));
    }
}
