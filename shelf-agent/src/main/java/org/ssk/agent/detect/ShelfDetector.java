package org.ssk.agent.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The production detector: one {@link LaneTracker} per lane plus what only the whole shelf can
 * tell.
 * <ul>
 * <li>Common mode: a visitor leaning on the shelf presses several lanes down at once, by amounts
 * that have nothing to do with items. While two or more lanes are pressed at the same time no lane
 * decides (lifts still go out), so the lean neither adds nor removes items; when it ends the lanes
 * settle back and nothing happened. A lean longer than {@link Tuning#leanMaxMs()} is taken at
 * face value.</li>
 * <li>Restock mode names weight gains restocks instead of put-backs.</li>
 * <li>Proximity ({@link ProximityEvidence}) is evidence, never a veto: a lasting whole-item change
 * counts whether or not a hand was seen, and is marked unseen when the live sensor saw none (so a
 * failing sensor shows as a rising share). A still, odd gain with no hand seen that is like no
 * product of the shelf waits until it has outlasted a lean before it is a foreign item. While no
 * hand is near the baseline follows slow drift.</li>
 * </ul>
 * Pure and deterministic; not thread-safe.
 */
public final class ShelfDetector implements Detector {
    private final Map<String, LaneTracker> lanes = new LinkedHashMap<>();
    private final Tuning tuning;
    private final int sps;
    private boolean restock;
    private long leanSince = -1;
    private final ProximityEvidence proximity = new ProximityEvidence();

    public ShelfDetector(List<LaneSpec> specs, int sps, Tuning tuning) {
        if (sps <= 0) {
            throw new IllegalArgumentException("sps must be positive");
        }
        this.tuning = tuning;
        this.sps = sps;
        specs.forEach(s -> lanes.put(s.id(), new LaneTracker(s, sps, tuning, this::isShelfProduct)));
    }

    @Override
    public List<Detection> accept(Sample sample) {
        return switch (sample) {
            case Sample.Weight w -> onWeight(w);
            case Sample.Proximity p -> {
                proximity.accept(p.tMs(), p.mm());
                yield List.of();
            }
            case Sample.Mode m -> {
                restock = m.restock();
                yield List.of();
            }
            case Sample.ReadError e -> {
                LaneTracker lane = lanes.get(e.lane());
                List<Detection> out = new ArrayList<>(1);
                if (lane != null) {
                    lane.declareFault(e.tMs(), lane.reportedGrams(), e.reason(), out);
                }
                yield out;
            }
        };
    }

    private List<Detection> onWeight(Sample.Weight w) {
        LaneTracker lane = lanes.get(w.lane());
        if (lane == null || !Double.isFinite(w.grams())) {
            return List.of();
        }
        boolean leaning = leaning(w.tMs());
        List<Detection> out = new ArrayList<>(1);
        lane.accept(w.tMs(), w.grams(), !leaning, restock, proximity.lastNearMs(), proximity.live(w.tMs()),
                alone(lane), out);
        return out.isEmpty() ? List.of() : out;
    }

    private boolean leaning(long t) {
        int pressed = 0;
        for (LaneTracker l : lanes.values()) {
            if (l.up()) {
                pressed++;
            }
        }
        if (pressed < 2) {
            leanSince = -1;
            return false;
        }
        if (leanSince < 0) {
            leanSince = t;
        }
        return t - leanSince < tuning.leanMaxMs();
    }

    /**
     * Whether the lane's neighbours are all blind (faulty), so a lean could not show as common mode.
     * A one-lane shelf never had a neighbour: there, a hand seen is the evidence.
     */
    private boolean alone(LaneTracker lane) {
        if (lanes.size() < 2) {
            return false;
        }
        for (LaneTracker l : lanes.values()) {
            if (l != lane && !l.faulty()) {
                return false;
            }
        }
        return true;
    }

    /** One or two items of any product on this shelf: what a visitor returns to the wrong lane. */
    private boolean isShelfProduct(double grams) {
        for (LaneTracker l : lanes.values()) {
            double q = grams / l.spec.unitGrams();
            long k = Math.round(q);
            if (k >= 1 && k <= 2 && Math.abs(q - k) <= LaneTracker.PRODUCT_MATCH_FRACTION) {
                return true;
            }
        }
        return false;
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
        lanes.forEach((id, l) -> m.put(id, l.reportedGrams()));
        return m;
    }

    @Override
    public Set<String> faultyLanes() {
        Set<String> s = new HashSet<>();
        lanes.forEach((id, l) -> {
            if (l.faulty()) {
                s.add(id);
            }
        });
        return s;
    }

    @Override
    public DetectorState state() {
        List<DetectorState.LaneState> out = new ArrayList<>(lanes.size());
        lanes.values().forEach(l -> out.add(l.state()));
        return new DetectorState(out);
    }

    @Override
    public void resume(DetectorState state) {
        for (DetectorState.LaneState s : state.lanes()) {
            LaneTracker l = lanes.get(s.lane());
            if (l != null && s.sameProduct(l.spec)) {
                l.resume(s);
            }
        }
    }

    @Override
    public void reconfigure(List<LaneSpec> specs) {
        for (LaneSpec s : specs) {
            LaneTracker l = lanes.get(s.id());
            if (l == null) {
                lanes.put(s.id(), new LaneTracker(s, sps, tuning, this::isShelfProduct));
            } else {
                l.spec = s;
            }
        }
    }
}
