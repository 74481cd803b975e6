package org.ssk.protocol;

import java.util.List;

/**
 * Periodic heartbeat of a shelf, QoS 0 (a lost one is replaced by the next): the filtered weight
 * and health of each lane, whether the shelf is in restock mode, the latest proximity distance in
 * mm (null when the shelf has no proximity sensor), how many events wait in the outbox (also
 * those held in memory while it cannot write), and {@code faults}: short sentences about problems
 * of the shelf as a whole that no lane's health says (the outbox cannot write, the wall clock
 * jumped); empty when there are none, and absent in older agents' messages. {@code changes}: how many
 * whole-item changes the shelf's agent counted (kept across its restarts) and how many of them no
 * hand was seen for ({@link Changes}); null in older agents' messages.
 */
public record Telemetry(String shelf, long tMs, List<LaneReading> lanes, boolean restockMode, Double proximityMm,
                        int outboxPending, long uptimeS, List<String> faults, Changes changes) {

    /** A heartbeat without shelf faults or change counts. */
    public Telemetry(String shelf, long tMs, List<LaneReading> lanes, boolean restockMode, Double proximityMm,
                     int outboxPending, long uptimeS) {
        this(shelf, tMs, lanes, restockMode, proximityMm, outboxPending, uptimeS, List.of(), null);
    }

    /**
     * Whole-item changes (picks, put-backs, restocks) the shelf's agent counted since its outbox was
     * created (kept with it across restarts and power cuts; a re-imaged Pi starts from 0 with a new epoch):
     * {@code counted} in all, {@code unseen} of them with no hand seen by the shelf's live proximity
     * sensor (the events' {@code unseen}). A sensor misses 8-30 % of reaches; a share rising far
     * beyond that means it is failing, blocked or misplaced.
     */
    public record Changes(long counted, long unseen) {
        public Changes {
            if (counted < 0 || unseen < 0 || unseen > counted) {
                throw new IllegalArgumentException("changes: need 0 <= unseen <= counted, was " + unseen + " of " + counted);
            }
        }

        /** The unseen share, 0..1; 0 while nothing was counted. */
        public double unseenShare() {
            return counted == 0 ? 0 : (double) unseen / counted;
        }
    }

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
        if (faults == null) {
            faults = List.of();
        }
        if (faults.size() > 16 || faults.stream().anyMatch(f -> f == null || f.length() > 300)) {
            throw new IllegalArgumentException("faults: at most 16 sentences of at most 300 characters");
        }
        faults = List.copyOf(faults);
    }
}
