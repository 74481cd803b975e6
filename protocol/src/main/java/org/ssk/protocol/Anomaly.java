package org.ssk.protocol;

/**
 * Something on a lane that is not a sale: a foreign item ({@code grams} is the unexplained weight)
 * or a sensor fault ({@code grams} is the last reading). {@code detail} is a short human-readable
 * reason, at most 200 characters. {@code unseen} as in {@link Pick} (a foreign item put down with no
 * hand seen); always false for sensor faults.
 */
public record Anomaly(String shelf, String epoch, long seq, long tMs, String lane, String sku, Kind kind,
                      double grams, String detail, boolean unseen) implements ShelfEvent {

    /** What kind of anomaly; the wire names are lower snake case. */
    public enum Kind {
        /** Weight that is not a whole number of the lane's items: a product returned to the wrong lane. */
        FOREIGN_ITEM,
        /** The lane's sensor gives no live readings: saturated, frozen, dead or unreachable. */
        SENSOR_FAULT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Seen by the shelf's proximity sensor, or the shelf has none, or not about a hand (a sensor fault). */
    public Anomaly(String shelf, String epoch, long seq, long tMs, String lane, String sku, Kind kind, double grams,
                   String detail) {
        this(shelf, epoch, seq, tMs, lane, sku, kind, grams, detail, false);
    }

    public Anomaly {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        ShelfEvent.validateGrams(grams);
        if (detail == null) {
            detail = "";
        }
        if (detail.length() > 200) {
            throw new IllegalArgumentException("detail must be at most 200 characters");
        }
    }
}
