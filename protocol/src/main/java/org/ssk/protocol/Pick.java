package org.ssk.protocol;

/** Items left the lane and stayed away: {@code qty} items, {@code grams} lost in total. */
public record Pick(String shelf, String epoch, long seq, long tMs, String lane, String sku, int qty, double grams)
        implements ShelfEvent {
    public Pick {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        ShelfEvent.validateQuantity(qty, grams);
    }
}
