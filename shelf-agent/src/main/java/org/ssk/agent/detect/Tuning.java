package org.ssk.agent.detect;

/**
 * The detector's physical constants, in one place with the reason for each. Times in ms, weights
 * as fractions of one item's nominal weight or in grams. Immutable.
 *
 * @param settleMs           a lane is settled when its filtered weight stays within the settle
 *                           tolerance for this long; long enough to span half a tray-ring period
 *                           (~100 ms), short enough to keep pick latency low
 * @param foreignSettleMs    a weight that is not a whole number of items is only called a foreign
 *                           item after this much stillness: a hand resting on an item trembles, a
 *                           product left on the tray does not
 * @param integralTolerance  largest |q - round(q)| (q = change / unit weight) still counted as whole
 *                           items; real items vary a few percent, wrong-lane products land further off
 * @param restingMs          a lane that settles near its old weight (no item moved) but not within
 *                           noise, for this long, adopts the new level as its baseline (creep, a
 *                           leaning item)
 * @param leanMaxMs          common-mode (a visitor leaning on the shelf) holds decisions at most
 *                           this long; then the lanes' levels are taken at face value
 * @param faultRunMs         identical readings for this long mean a frozen or saturated ADC: real
 *                           readings always carry a few counts of noise
 * @param faultMinRun        ... and at least this many of them, for slow sample rates
 * @param noiseFloorGrams    smallest noise figure assumed, so a quiet cell does not make thresholds vanish
 */
public record Tuning(int settleMs, int foreignSettleMs, double integralTolerance, int restingMs, int leanMaxMs,
                     int faultRunMs, int faultMinRun, double noiseFloorGrams) {

    /** Values tuned to the physics of real shelves (see docs/detection.md). */
    public static Tuning standard() {
        return new Tuning(120, 500, 0.2, 1200, 6000, 300, 5, 0.5);
    }
}
