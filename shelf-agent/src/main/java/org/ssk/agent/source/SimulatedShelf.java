package org.ssk.agent.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.Sample;

/**
 * A live simulated shelf: N lanes of load cells sampled at {@code sps}, each holding items whose
 * weights vary around the lane's unit weight, read with Gaussian noise; a hand presses an item
 * before lifting it and a tray rings after every change; a proximity sensor at 20 Hz sees visitors.
 * Who moves the items is chosen by {@link Activity}: nobody but the caller ({@link Activity#IDLE}),
 * seeded random visitors and staff ({@link Activity#RANDOM}), or a deterministic script that
 * takes and puts back items lane by lane ({@link Activity#SCRIPTED}, for tests).
 *
 * <p>It can also be driven from outside, as a virtual shelf on a web page would: {@link #lift},
 * {@link #putBack}, {@link #restock}, {@link #placeForeign} and {@link #setRestockMode} move the
 * load cells (never events: the detector must still find them). Those methods are thread-safe and
 * take effect at the next sample tick; {@link #next()} is for the agent's one run-loop thread.
 *
 * <p>Time: the shelf clock starts at the wall clock's epoch ms and advances {@code speed} times
 * faster than real time ({@code speed <= 0}: as fast as the caller pulls). Weights in grams,
 * distances in mm.
 */
public final class SimulatedShelf implements SensorSource {

    /** Who handles the items on their own. */
    public enum Activity { IDLE, RANDOM, SCRIPTED }

    /**
     * @param seed         seeds noise, item weights and visitors: same seed, same shelf
     * @param speed        shelf seconds per wall second; {@code <= 0} runs unpaced
     * @param noiseGrams   standard deviation of a reading's noise
     * @param scriptPeriodMs shelf time between two scripted actions
     */
    public record Options(long seed, double speed, Activity activity, double noiseGrams, long scriptPeriodMs) {
        public static Options defaults() {
            return new Options(1L, 1.0, Activity.RANDOM, 1.0, 2_000);
        }

        public Options withSeed(long s) {
            return new Options(s, speed, activity, noiseGrams, scriptPeriodMs);
        }

        public Options withSpeed(double s) {
            return new Options(seed, s, activity, noiseGrams, scriptPeriodMs);
        }

        public Options withActivity(Activity a) {
            return new Options(seed, speed, a, noiseGrams, scriptPeriodMs);
        }

        public Options withScriptPeriodMs(long p) {
            return new Options(seed, speed, activity, noiseGrams, p);
        }
    }

    /** What one lane holds now, for a user interface: items on it, their grams, items in the hand. */
    public record LaneView(String lane, String sku, int count, double grams, int held) {
    }

    private static final double PROX_PERIOD_MS = 50;
    private static final double RING_HZ = 7;
    private static final double RING_TAU_MS = 250;

    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, Lane> byId = new LinkedHashMap<>();
    private final int sps;
    private final Options options;
    private final Random random;
    private final ArrayDeque<Sample> ready = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Step> steps = new PriorityQueue<>();
    private final long startWallMs;
    private final long startNanos;
    private long tick;
    private double nextProxMs;
    private double nextVisitMs;
    private long scriptStep;
    private int visitorsNear;
    private boolean restockMode;
    private Activity activity;
    private long stepOrder;
    private volatile List<LaneView> views;
    private volatile boolean closed;
    private volatile Thread reader;

    private static final class Lane {
        final LaneSpec spec;
        final List<Double> items = new ArrayList<>();
        final List<Double> hand = new ArrayList<>();
        double extraGrams;
        double pressGrams;
        double ringAmp;
        double ringStartMs;
        double lastTotal;
        /** The most items the lane has held: what staff top it up to. */
        int full;

        Lane(LaneSpec spec) {
            this.spec = spec;
        }

        double total() {
            double s = extraGrams;
            for (double w : items) {
                s += w;
            }
            return s;
        }
    }

    private record Step(double atMs, long order, Runnable action) implements Comparable<Step> {
        @Override
        public int compareTo(Step o) {
            int c = Double.compare(atMs, o.atMs);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    public SimulatedShelf(List<LaneSpec> specs, int sps, Options options) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a simulated shelf needs at least one lane");
        }
        if (sps < 1 || sps > 1000) {
            throw new IllegalArgumentException("sps must be 1..1000, was " + sps);
        }
        this.sps = sps;
        this.options = options;
        this.random = new Random(options.seed());
        this.activity = options.activity();
        for (LaneSpec s : specs) {
            Lane l = new Lane(s);
            for (int i = 0; i < s.initialQty(); i++) {
                l.items.add(itemGrams(s));
            }
            l.lastTotal = l.total();
            l.full = s.initialQty();
            lanes.add(l);
            byId.put(s.id(), l);
        }
        this.startWallMs = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
        this.nextVisitMs = startWallMs + 3_000;
        publishViews();
    }

    /** A visitor lifts {@code qty} items from a lane and holds them (a pick unless put back). */
    public void lift(String lane, int qty) {
        command(lane, qty, (l, now) -> gestureLift(l, now, qty));
    }

    /** The visitor returns up to {@code qty} held items; with none held, items of the lane's weight. */
    public void putBack(String lane, int qty) {
        command(lane, qty, (l, now) -> gesturePutBack(l, now, qty));
    }

    /** Staff add {@code qty} new items (set restock mode first for them to count as a restock). */
    public void restock(String lane, int qty) {
        command(lane, qty, (l, now) -> gestureAdd(l, now, qty));
    }

    /** Someone leaves an item of {@code grams} from another lane here: not a whole item of this one. */
    public void placeForeign(String lane, double grams) {
        if (!(grams > 0)) {
            throw new IllegalArgumentException("grams must be > 0");
        }
        command(lane, 1, (l, now) -> l.extraGrams += grams);
    }

    /** Staff press the restock button: emits a {@link Sample.Mode} on the next tick. */
    public void setRestockMode(boolean on) {
        commands.add(() -> setMode(on));
    }

    /**
     * Changes who handles the items from the next tick on (the demo lets visitors in only once
     * staff have stocked the shelf); random visitors then come from three seconds later.
     */
    public void setActivity(Activity a) {
        java.util.Objects.requireNonNull(a, "activity");
        commands.add(() -> {
            if (a != activity) {
                activity = a;
                nextVisitMs = simMs(tick) + 3_000;
            }
        });
    }

    /** The lanes as they are now (refreshed about ten times a shelf second). */
    public List<LaneView> lanes() {
        return views;
    }

    public int sps() {
        return sps;
    }

    @Override
    public Optional<Sample> next() throws InterruptedException {
        reader = Thread.currentThread();
        if (closed) {
            return Optional.empty();
        }
        while (ready.isEmpty()) {
            waitForTick();
            if (closed) {
                return Optional.empty();
            }
            produceTick();
        }
        return Optional.of(ready.poll());
    }

    @Override
    public void close() {
        closed = true;
        Thread r = reader;
        if (r != null) {
            LockSupport.unpark(r);
        }
    }

    private interface LaneAction {
        void apply(Lane lane, double nowMs);
    }

    private void command(String lane, int qty, LaneAction action) {
        Lane l = byId.get(lane);
        if (l == null) {
            throw new IllegalArgumentException("no lane " + lane + " on this shelf; lanes are " + byId.keySet());
        }
        if (qty < 1 || qty > 100) {
            throw new IllegalArgumentException("qty must be 1..100, was " + qty);
        }
        commands.add(() -> action.apply(l, simMs(tick)));
    }

    private double simMs(long t) {
        return startWallMs + t * 1000.0 / sps;
    }

    private void waitForTick() throws InterruptedException {
        if (options.speed() <= 0) {
            return;
        }
        long dueNanos = (long) ((simMs(tick) - startWallMs) / options.speed() * 1_000_000);
        while (!closed) {
            long wait = startNanos + dueNanos - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void produceTick() {
        double now = simMs(tick);
        long tMs = (long) now;
        for (Runnable c; (c = commands.poll()) != null; ) {
            c.run();
        }
        activity(now);
        while (!steps.isEmpty() && steps.peek().atMs() <= now) {
            steps.poll().action().run();
        }
        for (Lane l : lanes) {
            ready.add(new Sample.Weight(tMs, l.spec.id(), reading(l, now)));
        }
        if (now >= nextProxMs) {
            nextProxMs = now + PROX_PERIOD_MS;
            double mm = visitorsNear > 0 ? 250 + random.nextGaussian() * 40 : 900 + random.nextGaussian() * 15;
            ready.add(new Sample.Proximity(tMs, Math.max(20, mm)));
        }
        if (tick % Math.max(1, sps / 10) == 0) {
            publishViews();
        }
        tick++;
    }

    private double reading(Lane l, double now) {
        double total = l.total();
        if (total != l.lastTotal) {
            ring(l, now, total - l.lastTotal);
            l.lastTotal = total;
        }
        double ring = 0;
        if (l.ringAmp != 0) {
            double dt = now - l.ringStartMs;
            ring = l.ringAmp * Math.exp(-dt / RING_TAU_MS) * Math.sin(2 * Math.PI * RING_HZ * dt / 1000);
            if (dt > 6 * RING_TAU_MS) {
                l.ringAmp = 0;
            }
        }
        double g = total + l.pressGrams + ring + random.nextGaussian() * options.noiseGrams();
        return Math.min(g, l.spec.capacityGrams());
    }

    private void ring(Lane l, double now, double deltaGrams) {
        l.ringAmp = 0.15 * Math.abs(deltaGrams);
        l.ringStartMs = now;
    }

    private void at(double ms, Runnable r) {
        steps.add(new Step(ms, stepOrder++, r));
    }

    private void gestureLift(Lane l, double now, int qty) {
        visitorsNear++;
        // The hand presses down on the item before it comes up.
        at(now, () -> l.pressGrams = 0.08 * l.spec.unitGrams());
        at(now + 150, () -> {
            l.pressGrams = 0;
            for (int i = 0; i < qty && !l.items.isEmpty(); i++) {
                l.hand.add(l.items.removeLast());
            }
        });
        at(now + 1_200, () -> visitorsNear = Math.max(0, visitorsNear - 1));
    }

    private void gesturePutBack(Lane l, double now, int qty) {
        visitorsNear++;
        at(now + 100, () -> {
            for (int i = 0; i < qty; i++) {
                l.items.add(l.hand.isEmpty() ? itemGrams(l.spec) : l.hand.removeLast());
            }
        });
        at(now + 1_200, () -> visitorsNear = Math.max(0, visitorsNear - 1));
    }

    private void gestureAdd(Lane l, double now, int qty) {
        // Staff hands are in front of the shelf the whole time they add items.
        visitorsNear++;
        for (int i = 0; i < qty; i++) {
            at(now + 100 + 700.0 * i, () -> {
                l.items.add(itemGrams(l.spec));
                l.full = Math.max(l.full, l.items.size());
            });
        }
        at(now + 1_200 + 700.0 * qty, () -> visitorsNear = Math.max(0, visitorsNear - 1));
    }

    private void setMode(boolean on) {
        if (on != restockMode) {
            restockMode = on;
            ready.add(new Sample.Mode((long) simMs(tick), on));
        }
    }

    private void activity(double now) {
        switch (activity) {
            case IDLE -> { }
            case SCRIPTED -> scripted(now);
            case RANDOM -> randomVisitors(now);
        }
    }

    /** Lane by lane: take one item from every lane, then put one back on every lane, and again. */
    private void scripted(double now) {
        double due = startWallMs + 1_000 + scriptStep * (double) options.scriptPeriodMs();
        if (now < due) {
            return;
        }
        int n = lanes.size();
        Lane l = lanes.get((int) (scriptStep % n));
        boolean take = (scriptStep / n) % 2 == 0;
        if (take) {
            gestureLift(l, now, 1);
        } else {
            gesturePutBack(l, now, 1);
        }
        scriptStep++;
    }

    private void randomVisitors(double now) {
        if (now < nextVisitMs) {
            return;
        }
        nextVisitMs = now + 2_000 - Math.log(1 - random.nextDouble()) * 6_000;
        Lane empty = null;
        for (Lane l : lanes) {
            if (l.items.size() < 2) {
                empty = l;
            }
        }
        if (empty != null && !restockMode) {
            Lane l = empty;
            int qty = Math.max(1, l.full - l.items.size());
            at(now, () -> setMode(true));
            gestureAdd(l, now + 500, qty);
            at(now + 1_000 + 700.0 * qty, () -> setMode(false));
            nextVisitMs += 700.0 * qty;
            return;
        }
        Lane l = lanes.get(random.nextInt(lanes.size()));
        if (l.items.isEmpty()) {
            return;
        }
        int qty = random.nextDouble() < 0.85 ? 1 : Math.min(2, l.items.size());
        gestureLift(l, now, qty);
        if (random.nextDouble() < 0.4) {
            double back = now + 1_500 + random.nextDouble() * 2_500;
            at(back, () -> gesturePutBack(l, back, qty));
        }
    }

    private double itemGrams(LaneSpec s) {
        // Packaged goods vary by a percent or two around their nominal weight.
        return s.unitGrams() * (1 + random.nextGaussian() * 0.015);
    }

    private void publishViews() {
        List<LaneView> v = new ArrayList<>(lanes.size());
        for (Lane l : lanes) {
            v.add(new LaneView(l.spec.id(), l.spec.sku(), l.items.size(), l.total(), l.hand.size()));
        }
        views = List.copyOf(v);
    }
}
