package org.ssk.hub.ledger;

/**
 * A shelf event as the ledger keeps it: {@code pos} is its place in the ledger (increasing in
 * storage order), {@code type} the wire name (pick, putback, …), {@code receivedMs} the hub's
 * clock when stored. {@code qty} is 0 for lifts and anomalies; {@code grams} as reported.
 * {@code unseen}: the shelf counted it with no hand seen by its proximity sensor; null for lifts and
 * sensor faults, and for events stored before the ledger kept it.
 */
public record StoredEvent(long pos, String eventId, String type, String shelf, String lane, String sku, long tMs,
                          int qty, double grams, String detail, long receivedMs, Boolean unseen) {
}
