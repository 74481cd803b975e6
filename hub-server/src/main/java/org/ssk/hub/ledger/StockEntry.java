package org.ssk.hub.ledger;

/**
 * A staff entry on a lane, stored once per {@code entryId}. {@code kind}: restock_declared
 * ({@code qty} items staff say they put on the lane; it does not move stock, the shelf's restock
 * events do), stocktake ({@code counted} items found; {@code qty} the adjustment counted minus
 * expected, filled in by the ledger), correction ({@code qty} a signed adjustment,
 * {@code refersTo} the entry or event it corrects).
 */
public record StockEntry(long pos, String entryId, String kind, String shelf, String lane, String sku, long tMs,
                         int qty, Integer counted, String refersTo, String note, String byUser) {

    public static final String RESTOCK_DECLARED = "restock_declared";
    public static final String STOCKTAKE = "stocktake";
    public static final String CORRECTION = "correction";

    public StockEntry {
        if (entryId == null || entryId.isBlank() || entryId.length() > 64) {
            throw new IllegalArgumentException("entry id must be 1-64 characters, was: " + entryId);
        }
        if (!java.util.Set.of(RESTOCK_DECLARED, STOCKTAKE, CORRECTION).contains(kind)) {
            throw new IllegalArgumentException("kind must be restock_declared, stocktake or correction, was: " + kind);
        }
        org.ssk.protocol.Topics.requireShelfId(shelf);
        if (lane == null || lane.isBlank()) {
            throw new IllegalArgumentException("lane is required");
        }
        if (kind.equals(STOCKTAKE) && (counted == null || counted < 0)) {
            throw new IllegalArgumentException("a stock-take needs the counted items (>= 0)");
        }
        if (kind.equals(RESTOCK_DECLARED) && qty < 1) {
            throw new IllegalArgumentException("a declared restock needs qty >= 1, was " + qty);
        }
        if (kind.equals(CORRECTION) && qty == 0) {
            throw new IllegalArgumentException("a correction needs a non-zero qty");
        }
    }

    public static StockEntry declaredRestock(String id, String shelf, String lane, String sku, long tMs, int qty,
                                             String byUser) {
        return new StockEntry(0, id, RESTOCK_DECLARED, shelf, lane, sku, tMs, qty, null, null, null, byUser);
    }

    public static StockEntry stockTake(String id, String shelf, String lane, String sku, long tMs, int counted,
                                       String byUser) {
        return new StockEntry(0, id, STOCKTAKE, shelf, lane, sku, tMs, 0, counted, null, null, byUser);
    }

    public static StockEntry correction(String id, String shelf, String lane, String sku, long tMs, int delta,
                                        String refersTo, String note, String byUser) {
        return new StockEntry(0, id, CORRECTION, shelf, lane, sku, tMs, delta, null, refersTo, note, byUser);
    }
}
