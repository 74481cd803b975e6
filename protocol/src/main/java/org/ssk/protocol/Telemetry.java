package org.ssk.protocol;

import java.util.List;

/**
 * Periodic heartbeat of a shelf, QoS 0 (a lost one is replaced by the next): the filtered weight
 * and health of each lane, whether the shelf is in restock mode, the latest proximity distance in
 * mm (null when the shelf has no proximity sensor), and how many events wait in the outbox.
 */
public record Telemetry(String shelf, long tMs, List<LaneReading> lanes, boolean restockMode, Double proximityMm,
                        int outboxPending, long uptimeS) {

    /** One lane: filtered grams, the item count the agent believes is there, and sensor health. */
    public record LaneReading(String lane, double grams, int count, Health health) {
        public LaneReading {
            if (lane == null || lane.isBlank()) {
                throw new IllegalArgumentException("lane is required");
            }
            if (!Double.isFinite(grams)) {
                throw new IllegalArgumentException("grams must be finite");
            }
            if (health == null) {
                throw new IllegalArgumentException("health is required");
            }
        }
    }

    /** Sensor health of a lane. */
    public enum Health { OK, FAULT, UNCALIBRATED }

    public Telemetry {
        Topics.requireShelfId(shelf);
        lanes = List.copyOf(lanes == null ? List.of() : lanes);
        if (lanes.size() > 64) {
            throw new IllegalArgumentException("at most 64 lanes per shelf");
        }
        if (outboxPending < 0 || uptimeS < 0) {
            throw new IllegalArgumentException("outbox_pending and uptime_s must be >= 0");
        }
    }
}
