package org.ssk.hub.ledger;

/** A stored order line with its amount in fen at the price valid at {@code tMs}. */
public record SaleLine(long pos, String orderId, int lineNo, String channel, long tMs, String sku, int qty,
                       long priceFen, long amountFen, String shelf, String refersTo) {
}
