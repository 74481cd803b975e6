package org.ssk.agent.detect;

import java.util.ArrayList;
import java.util.List;
import org.ssk.protocol.Anomaly;

/**
 * The state machine of one lane: spike filter, baseline with drift tracking, settle detection,
 * whole-item arithmetic, foreign items and sensor faults. Fed by {@link ShelfDetector}, which adds
 * what needs the whole shelf (common-mode leaning, restock mode, proximity). Grams and ms; not
 * thread-safe.
 */
final class LaneTracker {
    /** A hand seen this long before a change began still counts as the hand that made it. */
    static final long HAND_MEMORY_MS = 1000;
    /** Changes within this fraction of a whole number of items are decided at once. */
    static final double CLEAR_FRACTION = 0.12;
    /** An unexplained loss this close to whole items is still counted as that many picks. */
    static final double GUESS_FRACTION = 0.3;
    /** The lightest product a center sells weighs more than this; smaller odd changes are not products. */
    static final double MIN_FOREIGN_GRAMS = 40;
    /** How far (in items) a gain may lie from one or two of a shelf product to be taken for them. */
    static final double PRODUCT_MATCH_FRACTION = 0.1;

    /** At slow rates, a settle window whose spread is below this fraction of an item may count whole items. */
    static final double RING_FRACTION = 0.05;

    /** Whether a weight is one or two items of a product this shelf holds (its own lanes' products). */
    @FunctionalInterface
    interface ShelfProducts {
        boolean matches(double grams);
    }

    private final ShelfProducts products;
    private final Tuning tuning;
    private final int settleN;
    private final int foreignN;
    /** The settle window: median-filtered readings, or raw ones at slow rates ({@link #rawSettle}). */
    private final double[] window;
    /**
     * Whether the settle test and the decided level use raw readings instead of the median of three.
     * At rates where the settle time spans fewer than 3 samples (10 SPS: 120 ms is 1.2 samples) the
     * median's one sample of delay is 100 ms, most of the pick latency, and the settle test's own
     * spread check already keeps a glitch out of a decision (a window holding one is not still, so
     * the glitch only delays that decision by a window). At 80 SPS the median costs 12.5 ms and
     * saves windows from glitches, so it stays.
     */
    private final boolean rawSettle;
    private int filled;
    private int head;

    LaneSpec spec;
    private double prev1 = Double.NaN;
    private double prev2 = Double.NaN;
    private double lastRaw = Double.NaN;

    double baseline = Double.NaN;
    int count;
    /** Items picked from this lane and not yet put back: the most a visitor can return. */
    private int outstanding;
    private double sigma = 2.0;
    private boolean active;
    /** The last decision was taken before the lane was still by the full test: its level is provisional. */
    private boolean provisional;
    private long provisionalSince;
    private long activeSince;
    private boolean lifted;
    private long settledSince = -1;
    private double filtered = Double.NaN;
    private final List<Double> foreignGrams = new ArrayList<>(2);
    /** Whether the decision being taken had no hand seen for it. */
    private boolean unseen;

    private boolean faulty;
    private long identicalSince;
    private int identicalRun;
    private int saturatedRun;
    private int liveRun;

    LaneTracker(LaneSpec spec, int sps, Tuning tuning, ShelfProducts products) {
        this.spec = spec;
        this.products = products;
        this.tuning = tuning;
        this.count = spec.initialQty();
        int settleSamples = (int) Math.ceil(tuning.settleMs() * sps / 1000.0);
        this.rawSettle = settleSamples < 3;
        this.settleN = Math.max(3, settleSamples);
        this.foreignN = Math.max(settleN + 2, (int) Math.ceil(tuning.foreignSettleMs() * sps / 1000.0));
        this.window = new double[foreignN];
    }

    boolean faulty() {
        return faulty;
    }

    boolean ready() {
        return !faulty && !Double.isNaN(baseline);
    }

    /** Filtered grams above the baseline, 0 before the lane has a baseline. */
    double deviation() {
        return ready() && !Double.isNaN(filtered) ? filtered - baseline : 0;
    }

    /** Whether the lane is pressed down beyond noise (a hand or a leaning body). */
    boolean up() {
        return deviation() > Math.max(6 * sigma, 15);
    }

    /**
     * Feeds one raw reading. Decisions other than lifts and faults are taken only when {@code mayDecide}
     * (the shelf is not in common-mode); {@code restock} says how to name a weight gain;
     * {@code lastHandMs} is when a hand was last seen near the shelf; {@code canSee} is false when the
     * shelf cannot tell (no proximity sensor, or it went quiet). Proximity is evidence, never a veto:
     * a lasting whole-item change counts whether or not a hand was seen (then marked unseen).
     * {@code alone} says no other lane of the shelf reads live values, so a lean cannot show as
     * common mode.
     */
    void accept(long t, double raw, boolean mayDecide, boolean restock, long lastHandMs, boolean canSee,
                boolean alone, List<Detection> out) {
        if (checkFault(t, raw, out)) {
            return;
        }
        double f = median3(raw);
        push(rawSettle ? raw : f);
        filtered = f;
        if (Double.isNaN(baseline)) {
            if (filled >= settleN && spread(settleN) <= settleTolerance()) {
                baseline = level(settleN);
            }
            return;
        }
        double d = f - baseline;
        if (!active) {
            if (Math.abs(d) > activityThreshold()) {
                active = true;
                activeSince = t;
                lifted = false;
                settledSince = -1;
            } else if (provisional) {
                // Counted early (landed or ringing within an item): the count stands, the level is
                // taken again once the lane is still by the full test, so no ring stays in the baseline
                // (a baseline off by more than the noise would read as a press, as a lean). A lane
                // that does not come that still within the resting time (noise above what it learned)
                // takes its mean then, and learns its noise again.
                if (stillFor(settleN) || t - provisionalSince >= tuning.restingMs()) {
                    baseline = level(settleN);
                    provisional = false;
                }
                return;
            } else {
                trackNoise(raw);
                if (!canSee || t - lastHandMs > HAND_MEMORY_MS) {
                    // Drift and creep move the empty-hand reading slowly; follow them with a ~2 s
                    // time constant so they never add up to a phantom item.
                    baseline += (f - baseline) * Math.min(1.0, 1.0 / (window.length * 4.0));
                }
                return;
            }
        }
        if (!lifted && d < -liftThreshold()) {
            lifted = true;
            out.add(Detection.lift(t, spec.id(), -d));
        }
        if (filled < settleN || spread(settleN) > settleTolerance()) {
            settledSince = -1;
            int n = !rawSettle || !mayDecide ? 0 : landed() ? 2 : ringsWithinItem() ? settleN : 0;
            if (n > 0) {
                boolean handSeen = canSee && lastHandMs >= activeSince - HAND_MEMORY_MS;
                decideLanded(t, n, restock, canSee && !handSeen, out);
            }
            return;
        }
        if (settledSince < 0) {
            settledSince = t;
        }
        if (!mayDecide) {
            return;
        }
        // A narrow-cone ToF misses 8-30 % of reaches (the hand passes beside the cone): a change
        // with no hand seen is still decided on its weight, and marked unseen.
        boolean handSeen = canSee && lastHandMs >= activeSince - HAND_MEMORY_MS;
        decide(t, restock, canSee && !handSeen, alone || !handSeen, out);
    }

    /**
     * {@code unseen}: the live proximity sensor saw no hand for this change. {@code leanPossible}: a
     * lean on this lane alone could explain an odd gain (no hand evidence, or no neighbour to show
     * common mode).
     */
    private void decide(long t, boolean restock, boolean unseen, boolean leanPossible, List<Detection> out) {
        this.unseen = unseen;
        double level = level(settleN);
        double delta = level - baseline;
        if (Math.abs(delta) <= activityThreshold()) {
            active = false;
            return;
        }
        double q = delta / spec.unitGrams();
        long k = Math.round(q);
        double r = Math.abs(q - k);
        if (r > CLEAR_FRACTION) {
            // Not clearly whole items: a wrong product, or a tray still creeping. Judge it on a
            // longer, stiller window before calling it anything.
            if (!stillFor(foreignN)) {
                return;
            }
            level = level(foreignN);
            delta = level - baseline;
            q = delta / spec.unitGrams();
            k = Math.round(q);
            r = Math.abs(q - k);
        }
        boolean whole = r <= tuning.integralTolerance();
        if (whole && k == 0 || !whole && Math.abs(delta) < MIN_FOREIGN_GRAMS) {
            // Nothing moved but the level is off: a resting hand, creep. Adopt it once it has lasted.
            if (t - settledSince >= tuning.restingMs()) {
                rebase(level);
            }
            return;
        }
        if (whole && k < 0) {
            countItems(t, (int) k, Math.abs(delta), restock, out);
            rebase(level);
            return;
        }
        if (whole && (restock || k <= outstanding)) {
            countItems(t, (int) k, delta, restock, out);
            rebase(level);
            return;
        }
        if (delta > 0) {
            // Whole items that nobody took from this lane cannot be put back to it: a product of
            // another lane that happens to weigh the same, or a lean; only lasting weight counts.
            if (whole && t - settledSince < tuning.restingMs()) {
                return;
            }
            // A lean that presses this lane alone (no hand seen, or no live neighbour to show common
            // mode) is a still, odd gain too. Unlike any product of the shelf, it is a foreign item
            // only once it has outlasted any lean.
            if (leanPossible && !products.matches(delta) && t - settledSince < tuning.leanMaxMs()) {
                return;
            }
            if (foreignGrams.size() == 16) {
                foreignGrams.remove(0);
            }
            foreignGrams.add(delta);
            out.add(Detection.anomaly(t, spec.id(), Anomaly.Kind.FOREIGN_ITEM, delta, String.format(
                    java.util.Locale.ROOT, "%.0f g is %.2f items of %.0f g", delta, q, spec.unitGrams()), unseen));
            rebase(level);
            return;
        }
        // A loss that is not whole items: most likely a foreign product taken off again,
        // possibly with some of the lane's own items.
        for (int i = 0; i < foreignGrams.size(); i++) {
            double q2 = (delta + foreignGrams.get(i)) / spec.unitGrams();
            long k2 = Math.round(q2);
            if (Math.abs(q2 - k2) <= tuning.integralTolerance()) {
                foreignGrams.remove(i);
                if (k2 != 0) {
                    countItems(t, (int) k2, Math.abs(k2 * spec.unitGrams()), restock, out);
                }
                rebase(level);
                return;
            }
        }
        // An unexplained loss: count the nearest whole number of items only when it is near one;
        // far from any (a lean that ended after the baseline was taken) it is not a pick.
        if (k != 0 && r <= GUESS_FRACTION) {
            countItems(t, (int) k, Math.abs(delta), restock, out);
        }
        rebase(level);
    }

    /**
     * At slow rates: whether the last two raw readings agree within the settle tolerance right after
     * a step several tolerances high, so the weight landed and stopped. One difference cannot tell
     * stillness from a slow ramp, but a ramp's differences are all alike: a ramp slow enough for two
     * of its readings to agree never took a step of three tolerances the sample before.
     */
    private boolean landed() {
        if (filled < 3) {
            return false;
        }
        double tol = settleTolerance();
        return Math.abs(at(0) - at(1)) <= tol && Math.abs(at(1) - at(2)) >= 3 * tol;
    }

    /**
     * At slow rates: whether the settle window's readings lie within {@link #RING_FRACTION} of an item
     * of each other. A tray's ringing (~200 ms periods) cannot be waited out inside a window of three
     * readings 100 ms apart, but a ring that small against an item cannot change the count.
     */
    private boolean ringsWithinItem() {
        return filled >= settleN && spread(settleN) <= RING_FRACTION * spec.unitGrams();
    }

    /**
     * The decision on a landed weight ({@link #landed}), taken only when it is plainly whole items
     * that count at once (a pick, or a gain that may be put back or restocked); anything else waits
     * for the full settle window.
     */
    private void decideLanded(long t, int n, boolean restock, boolean unseen, List<Detection> out) {
        double level = level(n);
        double delta = level - baseline;
        double q = delta / spec.unitGrams();
        long k = Math.round(q);
        if (k == 0 || Math.abs(q - k) > CLEAR_FRACTION || Math.abs(delta) <= activityThreshold()) {
            return;
        }
        if (k > 0 && !restock && k > outstanding) {
            return;
        }
        this.unseen = unseen;
        countItems(t, (int) k, Math.abs(delta), restock, out);
        rebase(level);
        provisional = true;
        provisionalSince = t;
    }

    private void countItems(long t, int k, double grams, boolean restock, List<Detection> out) {
        Detection.Type type = k < 0 ? Detection.Type.PICK : restock ? Detection.Type.RESTOCK : Detection.Type.PUTBACK;
        out.add(Detection.counted(type, t, spec.id(), Math.abs(k), grams, unseen));
        count += k;
        if (type == Detection.Type.PICK) {
            outstanding -= k;
        } else if (type == Detection.Type.PUTBACK) {
            outstanding = Math.max(0, outstanding - k);
        }
    }

    private void rebase(double level) {
        baseline = level;
        provisional = false;
        active = false;
        settledSince = -1;
    }

    /** True when a fault is active (no other processing); emits the fault once per episode. */
    private boolean checkFault(long t, double raw, List<Detection> out) {
        boolean same = raw == lastRaw;
        lastRaw = raw;
        if (same) {
            identicalRun++;
        } else {
            identicalRun = 1;
            identicalSince = t;
        }
        saturatedRun = raw >= spec.capacityGrams() || raw <= -spec.capacityGrams() ? saturatedRun + 1 : 0;
        if (!faulty) {
            boolean frozen = identicalRun >= tuning.faultMinRun() && t - identicalSince >= tuning.faultRunMs();
            if (frozen || saturatedRun >= 3) {
                declareFault(t, raw, frozen ? "reading frozen at " + raw + " g" : "saturated at " + raw + " g", out);
                return true;
            }
            return false;
        }
        liveRun = !same && saturatedRun == 0 ? liveRun + 1 : 0;
        if (liveRun >= 2 * settleN) {
            recover();
            return false;
        }
        return true;
    }

    void declareFault(long t, double grams, String why, List<Detection> out) {
        if (faulty) {
            return;
        }
        faulty = true;
        liveRun = 0;
        out.add(Detection.anomaly(t, spec.id(), Anomaly.Kind.SENSOR_FAULT, Double.isFinite(grams) ? grams : 0, why));
    }

    /** Readings are live again: start from a fresh baseline, keeping the count (items do not move
     * while the cell is blind often enough to guess otherwise). */
    private void recover() {
        faulty = false;
        baseline = Double.NaN;
        provisional = false;
        active = false;
        filled = 0;
        prev1 = Double.NaN;
        prev2 = Double.NaN;
        foreignGrams.clear();
    }

    /** Median of the last three raw readings: removes single-sample ADC glitches at one sample's delay. */
    private double median3(double x) {
        double a = prev2;
        double b = prev1;
        prev2 = prev1;
        prev1 = x;
        if (Double.isNaN(a)) {
            return Double.isNaN(b) ? x : (b + x) / 2;
        }
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), x));
    }

    private void trackNoise(double raw) {
        if (!Double.isNaN(prev2)) {
            // Mean absolute successive difference of white noise is 1.128 sigma.
            double e = Math.abs(raw - prev2) / 1.128;
            sigma += (Math.min(e, 10 * sigma) - sigma) * 0.01;
            sigma = Math.max(sigma, tuning.noiseFloorGrams());
        }
    }

    private double activityThreshold() {
        return Math.max(Math.max(5 * sigma, 0.12 * spec.unitGrams()), 6);
    }

    private double liftThreshold() {
        return Math.max(0.3 * spec.unitGrams(), 6 * sigma);
    }

    private double settleTolerance() {
        return Math.max(Math.max(6 * sigma, 0.015 * spec.unitGrams()), 3);
    }

    private boolean stillFor(int n) {
        return filled >= n && spread(n) <= settleTolerance();
    }

    private void push(double f) {
        window[head] = f;
        head = (head + 1) % window.length;
        filled = Math.min(filled + 1, window.length);
    }

    private double at(int back) {
        return window[(head - 1 - back + window.length) % window.length];
    }

    private double spread(int n) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = at(i);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    private double level(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += at(i);
        }
        return s / n;
    }

    DetectorState.LaneState state() {
        return new DetectorState.LaneState(spec.id(), spec.sku(), spec.unitGrams(), Math.max(0, count), outstanding,
                foreignGrams.size() > 16 ? foreignGrams.subList(foreignGrams.size() - 16, foreignGrams.size()) : foreignGrams);
    }

    void resume(DetectorState.LaneState s) {
        count = s.count();
        outstanding = s.outstanding();
        foreignGrams.clear();
        foreignGrams.addAll(s.foreignGrams());
    }

    double reportedGrams() {
        return Double.isNaN(baseline) ? (Double.isNaN(filtered) ? 0 : filtered) : baseline;
    }
}
