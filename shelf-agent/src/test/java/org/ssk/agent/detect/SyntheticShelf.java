package org.ssk.agent.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Writes synthetic sensor samples for detector tests: lanes with white noise at a sample rate,
 * onto which scenarios add the physical effects one at a time (a hand pressing before a lift,
 * a tray ringing after a change, a visitor leaning, drift, glitches, a frozen or saturated ADC,
 * a hand in front of the proximity sensor). Seeded, so every run is the same. Not thread-safe.
 */
final class SyntheticShelf {
    /** How a lane's weight moves: an added offset in grams at time t (ms). */
    interface Effect {
        double grams(String lane, long t);
    }

    private final int sps;
    private final List<LaneSpec> lanes;
    private final double noise;
    private final List<Effect> effects = new ArrayList<>();
    private final List<long[]> handWindows = new ArrayList<>();
    private final List<Sample> extra = new ArrayList<>();
    private final List<Object[]> freezes = new ArrayList<>();
    private final List<Object[]> spikes = new ArrayList<>();
    private boolean proximity = true;

    SyntheticShelf(int sps, double noiseGrams, LaneSpec... lanes) {
        this.sps = sps;
        this.noise = noiseGrams;
        this.lanes = List.of(lanes);
    }

    static LaneSpec lane(String id, double unit, int qty) {
        return new LaneSpec(id, "sku-" + id, unit, Math.max(5000, unit * 40), qty);
    }

    List<LaneSpec> lanes() {
        return lanes;
    }

    int sps() {
        return sps;
    }

    SyntheticShelf withoutProximity() {
        proximity = false;
        return this;
    }

    /** Items leave (qty < 0) or arrive (qty > 0) between t0 and t0 + moveMs, with a hand present. */
    SyntheticShelf move(String lane, long t0, int qty, double unitActual, long moveMs) {
        hand(t0 - 400, t0 + moveMs + 600);
        double total = qty * unitActual;
        effects.add((l, t) -> !l.equals(lane) || t < t0 ? 0 : t >= t0 + moveMs ? total
                : total * (t - t0) / (double) moveMs);
        return this;
    }

    /** The hand presses the item down by {@code grams} for {@code ms} before anything else. */
    SyntheticShelf press(String lane, long t0, double grams, long ms) {
        hand(t0 - 200, t0 + ms + 200);
        effects.add((l, t) -> l.equals(lane) && t >= t0 && t < t0 + ms ? grams : 0);
        return this;
    }

    /** A decaying oscillation after a change, like a tray on a load cell. */
    SyntheticShelf ring(String lane, long t0, double amplitude, double hz, double decayMs) {
        effects.add((l, t) -> !l.equals(lane) || t < t0 ? 0
                : amplitude * Math.exp(-(t - t0) / decayMs) * Math.sin(2 * Math.PI * hz * (t - t0) / 1000.0));
        return this;
    }

    /** A visitor leans on the shelf: every lane gains its own amount for a while, then loses it. */
    SyntheticShelf lean(long t0, long ms, double... gramsPerLane) {
        hand(t0, t0 + ms);
        for (int i = 0; i < lanes.size(); i++) {
            String id = lanes.get(i).id();
            double g = gramsPerLane[i];
            effects.add((l, t) -> l.equals(id) && t >= t0 && t < t0 + ms ? g * Math.min(1, (t - t0) / 150.0) : 0);
        }
        return this;
    }

    /** The lane's reading changes by {@code grams} for {@code ms} with no hand anywhere near. */
    SyntheticShelf knock(String lane, long t0, long ms, double grams) {
        effects.add((l, t) -> l.equals(lane) && t >= t0 && t < t0 + ms ? grams : 0);
        return this;
    }

    SyntheticShelf drift(String lane, double gramsPerSecond) {
        effects.add((l, t) -> l.equals(lane) ? gramsPerSecond * t / 1000.0 : 0);
        return this;
    }

    SyntheticShelf spike(String lane, long t, double grams) {
        spikes.add(new Object[] {lane, t, grams});
        return this;
    }

    /** From t0 the lane reads one fixed value (a frozen ADC), or full scale when {@code value} is null. */
    SyntheticShelf freeze(String lane, long t0, long t1, Double value) {
        freezes.add(new Object[] {lane, t0, t1, value});
        return this;
    }

    SyntheticShelf hand(long from, long to) {
        handWindows.add(new long[] {from, to});
        return this;
    }

    SyntheticShelf mode(long t, boolean restock) {
        extra.add(new Sample.Mode(t, restock));
        return this;
    }

    /** All samples up to {@code endMs}, in time order. */
    List<Sample> samples(long endMs, long seed) {
        Random rnd = new Random(seed);
        List<Sample> out = new ArrayList<>(extra);
        long step = 1000 / sps;
        for (long t = 0; t <= endMs; t += step) {
            for (int i = 0; i < lanes.size(); i++) {
                LaneSpec l = lanes.get(i);
                double g = l.initialQty() * l.unitGrams() + 300 + rnd.nextGaussian() * noise;
                for (Effect e : effects) {
                    g += e.grams(l.id(), t);
                }
                for (Object[] s : spikes) {
                    if (s[0].equals(l.id()) && Math.abs((long) s[1] - t) < step / 2 + 1) {
                        g += (double) s[2];
                    }
                }
                for (Object[] f : freezes) {
                    if (f[0].equals(l.id()) && t >= (long) f[1] && t < (long) f[2]) {
                        g = f[3] == null ? l.capacityGrams() : (double) f[3];
                    }
                }
                out.add(new Sample.Weight(t + i, l.id(), Math.round(g * 100) / 100.0));
            }
            long now = t;
            if (proximity && t % 50 == 0) {
                boolean near = handWindows.stream().anyMatch(w -> now >= w[0] && now <= w[1]);
                out.add(new Sample.Proximity(t, near ? 120 + rnd.nextInt(100) : 1150 + rnd.nextInt(80)));
            }
        }
        out.sort(Comparator.comparingLong(Sample::tMs));
        return out;
    }
}
