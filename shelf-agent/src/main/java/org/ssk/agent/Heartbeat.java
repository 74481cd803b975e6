package org.ssk.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ssk.agent.detect.Detection;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.Sample;
import org.ssk.protocol.Telemetry;

/**
 * The shelf's periodic telemetry: what it says and when it is due. It follows the samples for the
 * latest proximity distance (mm) and restock mode, counts the whole-item changes the detector
 * reported and how many no hand was seen for (so the hub can show a failing proximity sensor as a
 * rising share; counting on from the counts kept in the data dir, so they cover the shelf's life,
 * not the time since the agent started), and builds the {@link Telemetry} record from the detector's lanes. A change of
 * restock mode makes the next heartbeat due at once: staff and the kiosk want to see it now.
 *
 * <p>Owned by the agent's run loop (one writer); {@link #restockMode()} and {@link #changes()} may be read
 * from other threads.
 */
final class Heartbeat {
    private final long intervalMs;
    private long lastSentMs = Long.MIN_VALUE / 2;
    private volatile boolean restockMode;
    private Double proximityMm;
    private volatile long counted;
    private volatile long unseen;

    Heartbeat(long intervalMs) {
        this(intervalMs, new Telemetry.Changes(0, 0));
    }

    /** A heartbeat that counts on from {@code before} (the counts a previous run kept). */
    Heartbeat(long intervalMs, Telemetry.Changes before) {
        this.intervalMs = intervalMs;
        this.counted = before.counted();
        this.unseen = before.unseen();
    }

    /** Notes what a sample says about the shelf as a whole (proximity, restock mode). */
    void sample(Sample s) {
        switch (s) {
            case Sample.Proximity p -> proximityMm = p.mm();
            case Sample.Mode m -> {
                if (m.restock() != restockMode) {
                    lastSentMs = Long.MIN_VALUE / 2;
                }
                restockMode = m.restock();
            }
            default -> { }
        }
    }

    /** Counts a detection the agent stored or holds, when it is a whole-item change. */
    void detected(Detection d) {
        switch (d.type()) {
            case PICK, PUTBACK, RESTOCK -> {
                counted++;
                unseen += d.unseen() ? 1 : 0;
            }
            default -> { }
        }
    }

    /** Whether a heartbeat is due at sample time {@code tMs}; if so, it counts as sent. */
    boolean due(long tMs) {
        if (tMs - lastSentMs < intervalMs) {
            return false;
        }
        lastSentMs = tMs;
        return true;
    }

    boolean restockMode() {
        return restockMode;
    }

    Telemetry.Changes changes() {
        return new Telemetry.Changes(counted, unseen);
    }

    /**
     * The heartbeat: each of {@code lanes} with the detector's grams, count and health (fault from
     * the detector, else uncalibrated when {@code uncalibrated} says so).
     */
    Telemetry build(String shelf, long wallMs, Detector detector, Collection<String> lanes,
                    Predicate<String> uncalibrated, int outboxPending, long uptimeS, List<String> faults) {
        Map<String, Double> grams = detector.weights();
        Map<String, Integer> counts = detector.counts();
        Set<String> faulty = detector.faultyLanes();
        List<Telemetry.LaneReading> readings = new ArrayList<>(lanes.size());
        for (String id : lanes) {
            double g = grams.getOrDefault(id, 0.0);
            Telemetry.Health h = faulty.contains(id) ? Telemetry.Health.FAULT
                    : uncalibrated.test(id) ? Telemetry.Health.UNCALIBRATED : Telemetry.Health.OK;
            readings.add(new Telemetry.LaneReading(id, Double.isFinite(g) ? g : 0, counts.getOrDefault(id, 0), h));
        }
        return new Telemetry(shelf, wallMs, readings, restockMode, proximityMm, outboxPending, uptimeS, faults,
                changes());
    }
}
