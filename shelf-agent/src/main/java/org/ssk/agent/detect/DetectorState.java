package org.ssk.agent.detect;

import java.util.List;

/**
 * What a detector needs to resume after a restart or a power cut, kept with the outbox: per lane
 * the item count it believes, how many items were taken and not yet put back (so that after a
 * restart a put-back is a put-back, not a foreign item), and the weights of foreign items still on
 * the lane (so taking one away again is not a pick). The lane's product ({@code sku}, unit grams)
 * is kept too: a lane that holds another product now starts afresh. Grams; immutable.
 */
public record DetectorState(List<LaneState> lanes) {
    public DetectorState {
        lanes = List.copyOf(lanes == null ? List.of() : lanes);
    }

    /** One lane's memory. */
    public record LaneState(String lane, String sku, double unitGrams, int count, int outstanding,
                            List<Double> foreignGrams) {
        public LaneState {
            if (lane == null || lane.isBlank()) {
                throw new IllegalArgumentException("lane is required");
            }
            if (!(unitGrams > 0) || count < 0 || outstanding < 0) {
                throw new IllegalArgumentException("lane " + lane + ": unit grams > 0, count and outstanding >= 0");
            }
            foreignGrams = List.copyOf(foreignGrams == null ? List.of() : foreignGrams);
            if (foreignGrams.size() > 16 || foreignGrams.stream().anyMatch(g -> g == null || !(g > 0) || g > 1e6)) {
                throw new IllegalArgumentException("lane " + lane + ": at most 16 foreign weights, each > 0 g");
            }
        }

        /** Whether this memory is of the product {@code spec} now holds (same SKU, same unit weight within 1 %). */
        boolean sameProduct(LaneSpec spec) {
            return java.util.Objects.equals(sku, spec.sku()) && Math.abs(unitGrams - spec.unitGrams()) <= 0.01 * spec.unitGrams();
        }
    }
}
