package org.ssk.agent.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simplest detector that can work, kept as the baseline that benchmarks and scores compare
 * against: a lane's weight is "stable" when its last {@code window} samples lie within a tolerance,
 * and every change of the stable level by about a whole number of items is a pick, put-back or
 * restock. It knows nothing of hands, ringing trays, leaning visitors, drift or faults.
 */
public final class NaiveDetector implements Detector {
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final int window;
    private boolean restock;

    private static final class Lane {
        LaneSpec spec;
        final ArrayDeque<Double> recent = new ArrayDeque<>();
        double stable = Double.NaN;
        int count;
        boolean lifting;

        Lane(LaneSpec spec) {
            this.spec = spec;
            this.count = spec.initialQty();
        }
    }

    /** @param sps weight samples per second per lane; the stability window is about 0.3 s of them */
    public NaiveDetector(List<LaneSpec> specs, int sps) {
        this.window = Math.max(3, sps * 3 / 10);
        specs.forEach(s -> lanes.put(s.id(), new Lane(s)));
    }

    @Override
    public List<Detection> accept(Sample sample) {
        return switch (sample) {
            case Sample.Mode m -> {
                restock = m.restock();
                yield List.of();
            }
            case Sample.Weight w -> onWeight(w);
            case Sample.Proximity p -> List.of();
            case Sample.ReadError e -> List.of();
        };
    }

    private List<Detection> onWeight(Sample.Weight w) {
        Lane lane = lanes.get(w.lane());
        if (lane == null) {
            return List.of();
        }
        lane.recent.addLast(w.grams());
        if (lane.recent.size() > window) {
            lane.recent.removeFirst();
        }
        double unit = lane.spec.unitGrams();
        if (Double.isNaN(lane.stable)) {
            if (lane.recent.size() == window) {
                lane.stable = mean(lane.recent);
            }
            return List.of();
        }
        List<Detection> out = new ArrayList<>(1);
        if (!lane.lifting && lane.stable - w.grams() > 0.3 * unit) {
            lane.lifting = true;
            out.add(Detection.lift(w.tMs(), w.lane(), lane.stable - w.grams()));
        }
        if (lane.recent.size() == window && spread(lane.recent) < Math.max(5, 0.1 * unit)) {
            double level = mean(lane.recent);
            long qty = Math.round((level - lane.stable) / unit);
            if (qty != 0) {
                Detection.Type type = qty < 0 ? Detection.Type.PICK
                        : restock ? Detection.Type.RESTOCK : Detection.Type.PUTBACK;
                out.add(Detection.counted(type, w.tMs(), w.lane(), (int) Math.abs(qty), Math.abs(level - lane.stable)));
                lane.count += (int) qty;
                lane.stable = level;
            }
            lane.lifting = false;
        }
        return out;
    }

    private static double mean(ArrayDeque<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    private static double spread(ArrayDeque<Double> xs) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double x : xs) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi - lo;
    }

    @Override
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        lanes.forEach((id, l) -> m.put(id, l.count));
        return m;
    }

    @Override
    public Map<String, Double> weights() {
        Map<String, Double> m = new LinkedHashMap<>();
        lanes.forEach((id, l) -> m.put(id, l.stable));
        return m;
    }

    @Override
    public Set<String> faultyLanes() {
        return new HashSet<>();
    }

    @Override
    public void reconfigure(List<LaneSpec> specs) {
        for (LaneSpec s : specs) {
            Lane l = lanes.get(s.id());
            if (l == null) {
                lanes.put(s.id(), new Lane(s));
            } else {
                l.spec = s;
            }
        }
    }
}
