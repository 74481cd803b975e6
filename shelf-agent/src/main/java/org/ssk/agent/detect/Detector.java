package org.ssk.agent.detect;

import java.util.List;
import java.util.Map;

/**
 * Turns a shelf's samples into decisions. Pure: no threads, clocks or I/O; time comes only from
 * the samples, so the same samples always give the same detections. Not thread-safe: one thread
 * feeds one detector.
 */
public interface Detector {

    /** Feeds one sample (in time order) and returns what was decided at it, usually nothing. */
    List<Detection> accept(Sample sample);

    /** The item count the detector believes each lane holds now. */
    Map<String, Integer> counts();

    /** The filtered (settled) weight of each lane in grams, for telemetry. */
    Map<String, Double> weights();

    /** Lanes whose sensor is currently considered faulty. */
    java.util.Set<String> faultyLanes();

    /**
     * Replaces the lanes' SKUs and unit weights (a new planogram from the hub) without losing the
     * weight baselines; lanes not listed keep their spec.
     */
    void reconfigure(List<LaneSpec> lanes);

    /** What this detector needs to resume after a restart (see {@link DetectorState}); empty when nothing. */
    default DetectorState state() {
        return new DetectorState(List.of());
    }

    /**
     * Resumes from a state kept before a restart: lanes that still hold the same product take its
     * count and memory; others, and lanes it does not name, keep their configured start.
     */
    default void resume(DetectorState state) {
    }
}
