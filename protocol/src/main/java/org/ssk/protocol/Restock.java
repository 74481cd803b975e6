package org.ssk.protocol;

/** Items added by staff while the shelf is in restock mode: {@code qty} items, {@code grams} gained. */
public record Restock(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams)
        implements ShelfEvent {
    public Restock {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        ShelfEvent.validateQuantity(qty, grams);
    }
}
