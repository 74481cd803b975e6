package org.ssk.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The planogram of one shelf, retained on {@link Topics#config(String)} by the hub: which SKU each
 * lane holds and the nominal weight of one item. {@code version} increases with every change so the
 * agent can ignore a stale copy. The agent keeps the last one it saw and works from it while the
 * hub is away.
 */
public record ShelfConfig(String shelf, long version, List<LaneConfig> lanes) {

    /** One lane: its SKU (null when empty), nominal grams per item, and a display name. */
    public record LaneConfig(String lane, String sku, double unitGrams, String name) {
        public LaneConfig {
            if (lane == null || !lane.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalArgumentException("lane must be 1-16 of A-Z a-z 0-9 _ -, was: " + lane);
            }
            if (!(unitGrams > 0) || unitGrams > 100_000) {
                throw new IllegalArgumentException("unit_grams of lane " + lane + " must be in (0, 100000], was: "
                        + unitGrams);
            }
            if (name == null) {
                name = "";
            }
        }
    }

    public ShelfConfig {
        Topics.requireShelfId(shelf);
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0");
        }
        lanes = List.copyOf(lanes == null ? List.of() : lanes);
        Set<String> seen = new HashSet<>();
        for (LaneConfig l : lanes) {
            if (!seen.add(l.lane())) {
                throw new IllegalArgumentException("lane " + l.lane() + " appears twice");
            }
        }
    }
}
