package org.ssk.protocol;

/**
 * Something that happened on one lane of a shelf, decided by the shelf agent. Published on
 * {@link Topics#event(String)} at QoS 1; the hub stores each {@link #id()} once.
 *
 * <p>Common fields: {@code shelf} id; {@code epoch}, a token the agent draws when its outbox is
 * created, so that a re-imaged agent whose sequence starts again cannot collide with old ids;
 * {@code seq}, strictly increasing per epoch; {@code tMs}, the shelf's clock (epoch ms when live,
 * trace time in replay) at which the event was decided; {@code lane} id. Weights in grams.
 */
public sealed interface ShelfEvent permits Lift, Pick, Putback, Restock, Anomaly {
    String shelf();

    String epoch();

    long seq();

    long tMs();

    String lane();

    /** The SKU the lane held when the event was decided; null when the lane has none assigned. */
    String sku();

    /** The grams the event carries: the weight change it was decided on (for an anomaly see {@link Anomaly}). */
    double grams();

    /** Unique and stable across redelivery: {@code shelf/epoch/seq}. */
    default String id() {
        return shelf() + "/" + epoch() + "/" + seq();
    }

    /** The wire name of the type: lift, pick, putback, restock, anomaly. */
    default String type() {
        return switch (this) {
            case Lift l -> "lift";
            case Pick p -> "pick";
            case Putback p -> "putback";
            case Restock r -> "restock";
            case Anomaly a -> "anomaly";
        };
    }

    /** The whole items the event moves: a pick's, putback's or restock's quantity; 0 for a lift or an anomaly. */
    default int countedQty() {
        return switch (this) {
            case Pick p -> p.qty();
            case Putback p -> p.qty();
            case Restock r -> r.qty();
            case Lift l -> 0;
            case Anomaly a -> 0;
        };
    }

    /** Formats of {@code epoch} and {@code lane}, compiled once: every decoded event is checked against them. */
    java.util.regex.Pattern EPOCH = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,16}");
    java.util.regex.Pattern LANE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,16}");

    /** Checks the fields every event carries; called from each record's compact constructor. */
    static void validateHeader(String shelf, String epoch, long seq, long tMs, String lane, String sku) {
        Topics.requireShelfId(shelf);
        if (epoch == null || !EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("epoch must be 1-16 letters or digits, was: " + epoch);
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was: " + seq);
        }
        if (tMs < 0) {
            throw new IllegalArgumentException("t_ms must be >= 0, was: " + tMs);
        }
        if (lane == null || !LANE.matcher(lane).matches()) {
            throw new IllegalArgumentException("lane must be 1-16 of A-Z a-z 0-9 _ -, was: " + lane);
        }
        if (sku != null && (sku.isBlank() || sku.length() > 64)) {
            throw new IllegalArgumentException("sku must be absent or 1-64 characters, was: " + sku);
        }
    }

    static void validateQuantity(int qty, double grams) {
        if (qty < 1 || qty > 1000) {
            throw new IllegalArgumentException("qty must be 1..1000, was: " + qty);
        }
        validateGrams(grams);
    }

    static void validateGrams(double grams) {
        if (!Double.isFinite(grams) || Math.abs(grams) > 1_000_000) {
            throw new IllegalArgumentException("grams must be finite and within ±1,000,000, was: " + grams);
        }
    }
}
