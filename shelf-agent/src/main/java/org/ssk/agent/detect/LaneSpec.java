package org.ssk.agent.detect;

/**
 * What the detector knows about a lane: the SKU it holds (may be null), the nominal weight of one
 * item in grams, the load cell's rated capacity in grams (readings at or above it are saturated),
 * and how many items are on it when detection starts.
 */
public record LaneSpec(String id, String sku, double unitGrams, double capacityGrams, int initialQty) {
    public LaneSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("lane id is required");
        }
        if (!(unitGrams > 0)) {
            throw new IllegalArgumentException("lane " + id + ": unit grams must be > 0, was " + unitGrams);
        }
        if (!(capacityGrams > unitGrams)) {
            throw new IllegalArgumentException("lane " + id + ": capacity must exceed one item, was " + capacityGrams);
        }
        if (initialQty < 0) {
            throw new IllegalArgumentException("lane " + id + ": initial quantity must be >= 0");
        }
    }
}
