package org.ssk.agent.detect;

import java.util.List;

/** Chooses the detector the agent runs; the one place to swap implementations. */
public final class Detectors {
    private Detectors() {
    }

    /** The production detector for lanes sampled at {@code sps} samples per second. */
    public static Detector standard(List<LaneSpec> lanes, int sps) {
        return new ShelfDetector(lanes, sps, Tuning.standard());
    }
}
