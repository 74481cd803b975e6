package org.ssk.hub.alert;

/**
 * A warning for staff or operators. {@code kind} (see {@link Kind}) and {@code subject} (what it
 * is about: "S1/2", a SKU, an entry id) identify it: one alert is open per kind and subject at a
 * time. {@code clearedMs} is null while open. Times in epoch ms.
 */
public record Alert(long id, Kind kind, String subject, String shelf, String lane, String sku, String detail,
                    long raisedMs, Long clearedMs) {

    /** What is wrong; the wire names are lower snake case. */
    public enum Kind {
        /** A lane holds few items. */
        LOW_STOCK,
        /** 滞销预警: a product on a shelf sold nothing for the configured number of days. */
        UNSOLD,
        /** A shelf's agent is offline. */
        SHELF_OFFLINE,
        /** A lane's load cell reports a fault. */
        SENSOR_FAULT,
        /** A shelf's agent reports a fault of its own in its heartbeat (outbox cannot write, clock jumped, …). */
        SHELF_FAULT,
        /** Weight on a lane that is not its product (an item returned to the wrong lane). */
        WRONG_ITEM,
        /** Staff declared a restock that the shelf did not see in the same quantity. */
        RESTOCK_MISMATCH,
        /** A poverty-alleviation certificate expires soon or has expired. */
        CERTIFICATION_EXPIRING,
        /** Shelf events in quarantine: their time is far from the hub's clock (subject: the shelf). */
        SHELF_CLOCK,
        /** Shelf events in quarantine: lane or SKU not on the shelf's planogram in force (subject: the shelf). */
        PLANOGRAM_MISMATCH,
        /** Shelf events in quarantine: more items or grams than the lane holds (subject: the shelf). */
        IMPLAUSIBLE_QUANTITY,
        /** The ledger's upload to the region lags past its threshold, or the region refuses it. */
        REGION_UPLOAD;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
