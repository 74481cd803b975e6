package org.ssk.hub.catalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A shelf of the planogram: id, display name, lanes in order, and the version of its config
 * (increases whenever the planogram of this shelf changes). Immutable.
 */
public record Shelf(String id, String name, long configVersion, List<Lane> lanes) {

    /** One lane: the SKU it holds (null when empty) and the nominal grams of one item. */
    public record Lane(String lane, String sku, double unitGrams) {
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
