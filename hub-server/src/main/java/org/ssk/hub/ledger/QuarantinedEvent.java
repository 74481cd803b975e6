package org.ssk.hub.ledger;

/**
 * A shelf event the ledger keeps in quarantine: the event as received ({@link StoredEvent}), why
 * ({@code kind}: shelf_clock, planogram_mismatch, implausible_quantity; {@code reason} in words),
 * the planogram version it was judged against (null: the shelf was not in the planogram), and the
 * operator's decision once made ({@code decision} released or rejected, {@code byUser},
 * {@code decidedMs}; all null while pending).
 */
public record QuarantinedEvent(StoredEvent event, String kind, String reason, Long planogramVersion,
                               String decision, String byUser, Long decidedMs) {
    public static final String RELEASED = "released";
    public static final String REJECTED = "rejected";

    public boolean pending() {
        return decision == null;
    }
}
