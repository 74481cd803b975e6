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
 * <li>Proximity: items only move when a hand is near. A change with no hand seen is a disturbance
 * (a lean the sensor missed, drift) and never counts; while no hand is near the baseline follows
 * slow drift. A shelf without live proximity readings assumes a hand could always be there.</li>
 * </ul>
 * Pure and deterministic; not thread-safe.
 */
public final class ShelfDetector implements Detector {
    private final Map<String, LaneTracker> lanes = new LinkedHashMap<>();
    private final Tuning tuning;
    private final int sps;
    private boolean restock;
    private long leanSince = -1;
    private double farMm = Double.NaN;
    private long lastNearMs = Long.MIN_VALUE / 2;
    private long lastProximityMs = Long.MIN_VALUE / 2;
    /** Proximity readings come at ~20 Hz; this much silence means the sensor is gone. */
    static final long PROXIMITY_SILENCE_MS = 2000;

    public ShelfDetector(List<LaneSpec> specs, int sps, Tuning tuning) {
        if (sps <= 0) {
            throw new IllegalArgumentException("sps must be positive");
        }
        this.tuning = tuning;
        this.sps = sps;
        specs.forEach(s -> lanes.put(s.id(), new LaneTracker(s, sps, tuning)));
    }

    @Override
    public List<Detection> accept(Sample sample) {
        return switch (sample) {
            case Sample.Weight w -> onWeight(w);
            case Sample.Proximity p -> {
                onProximity(p);
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
        // Without live proximity readings the shelf cannot tell, so it assumes a hand could be there.
        boolean proximityLive = w.tMs() - lastProximityMs <= PROXIMITY_SILENCE_MS;
        List<Detection> out = new ArrayList<>(1);
        lane.accept(w.tMs(), w.grams(), !leaning, restock, proximityLive ? lastNearMs : Long.MAX_VALUE, out);
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
     * A ToF sensor across the shelf front reads the far side when nobody is there; a hand or body
     * reads much shorter. The far distance is learned, so mounting position does not matter.
     */
    private void onProximity(Sample.Proximity p) {
        if (!(p.mm() > 0)) {
            return;
        }
        lastProximityMs = p.tMs();
        if (Double.isNaN(farMm) || p.mm() > farMm) {
            farMm = p.mm();
        } else if (p.mm() > 0.7 * farMm) {
            farMm += (p.mm() - farMm) * 0.02;
        }
        if (p.mm() < 0.5 * farMm) {
            lastNearMs = p.tMs();
        }
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
    public void reconfigure(List<LaneSpec> specs) {
        for (LaneSpec s : specs) {
            LaneTracker l = lanes.get(s.id());
            if (l == null) {
                lanes.put(s.id(), new LaneTracker(s, sps, tuning));
            } else {
                l.spec = s;
            }
        }
    }
}
