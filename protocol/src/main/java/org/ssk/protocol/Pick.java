package org.ssk.protocol;

/**
 * Items left the lane and stayed away: {@code qty} items, {@code grams} lost in total. {@code unseen}:
 * counted on weight alone, the shelf's live proximity sensor saw no hand for it (a missed reach, or a
 * failing sensor when it happens often); false when seen, or when the shelf has no sensor.
 */
public record Pick(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams,
                   boolean unseen) implements ShelfEvent {
    public Pick {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        ShelfEvent.validateQuantity(qty, grams);
    }

    /** Seen by the shelf's proximity sensor, or the shelf has none. */
    public Pick(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams) {
        this(shelf, epoch, seq, tMs, lane, sku, qty, grams, false);
    }
}
