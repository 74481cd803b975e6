package org.ssk.protocol;

/**
 * Items added by staff while the shelf is in restock mode: {@code qty} items, {@code grams} gained.
 * {@code unseen} as in {@link Pick}.
 */
public record Restock(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams,
                      boolean unseen) implements ShelfEvent {
    public Restock {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        ShelfEvent.validateQuantity(qty, grams);
    }

    /** Seen by the shelf's proximity sensor, or the shelf has none. */
    public Restock(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams) {
        this(shelf, epoch, seq, tMs, lane, sku, qty, grams, false);
    }
}
