package org.ssk.protocol;

/** Items came back onto their own lane outside restocking: {@code qty} items, {@code grams} gained. */
public record Putback(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams)
        implements ShelfEvent {
    public Putback {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        ShelfEvent.validateQuantity(qty, grams);
    }
}
