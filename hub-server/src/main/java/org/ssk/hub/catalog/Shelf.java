package org.ssk.hub.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A shelf of the planogram: id, display name, lanes in order, and the version of its config
 * (increases whenever the planogram of this shelf changes). Immutable.
 */
public record Shelf(String id, String name, long configVersion, List<Lane> lanes) {

    /**
     * One lane: the SKU it holds (null when empty), the nominal grams of one item and its capacity,
     * the items it holds when full (null: not known; 1..{@link #MAX_CAPACITY}).
     */
    public record Lane(String lane, String sku, double unitGrams, Integer capacity) {
        /** The most items a capacity may say: far above any lane of a shelf, low enough to catch a typo. */
        public static final int MAX_CAPACITY = 999;

        /** A lane whose capacity is not known. */
        public Lane(String lane, String sku, double unitGrams) {
            this(lane, sku, unitGrams, null);
        }

        public Lane {
            if (lane == null || !lane.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalArgumentException("lane must be 1-16 of A-Z a-z 0-9 _ -, was: " + lane);
            }
            if (sku != null && sku.isBlank()) {
                sku = null;
            }
            if (sku != null && !(unitGrams > 0 && unitGrams <= 100_000)) {
                throw new IllegalArgumentException("unit_grams of lane " + lane + " must be in (0, 100000], was: "
                        + unitGrams);
            }
            if (capacity != null && (capacity < 1 || capacity > MAX_CAPACITY)) {
                throw new IllegalArgumentException("capacity of lane " + lane + " must be a whole number of items in 1.."
                        + MAX_CAPACITY + " (or empty when not known), was: " + capacity);
            }
        }
    }

    public Shelf {
        org.ssk.protocol.Topics.requireShelfId(id);
        Product.require(name, "shelf name");
        lanes = List.copyOf(lanes);
        Set<String> seen = new HashSet<>();
        for (Lane l : lanes) {
            if (!seen.add(l.lane())) {
                throw new IllegalArgumentException("lane " + l.lane() + " appears twice on shelf " + id);
            }
        }
    }
}
