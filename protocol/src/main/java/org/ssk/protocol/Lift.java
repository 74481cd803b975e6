package org.ssk.protocol;

/**
 * Provisional: a lane started to lose weight (a hand is taking something). Sent as soon as it is
 * seen so the kiosk can show the product before the weight settles; the pick or nothing follows.
 * {@code grams} is the weight lost so far, positive.
 */
public record Lift(String shelf, String epoch, long seq, long tMs, String lane, String sku, double grams)
        implements ShelfEvent {
    public Lift {
        ShelfEvent.validateHeader(shelf, epoch, seq, tMs, lane, sku);
        ShelfEvent.validateGrams(grams);
    }
}
