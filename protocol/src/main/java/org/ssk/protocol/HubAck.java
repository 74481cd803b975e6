package org.ssk.protocol;

import java.util.List;

/**
 * The hub's end-to-end acknowledgement on {@link Topics#ack(String)}: these event ids of the shelf
 * are durably in the ledger (stored now or before). An agent removes an event from its outbox only
 * on this, never on the broker's PUBACK alone, when the hub's config says it sends them
 * ({@link ShelfConfig#hubAcks()}). The hub sends one per event-topic message it stored, listing the
 * ids of that message's events (1 to {@link Codec#MAX_EVENTS_PER_MESSAGE}), so a duplicate is
 * acknowledged again.
 */
public record HubAck(String shelf, List<String> ids) {
    public HubAck {
        Topics.requireShelfId(shelf);
        ids = List.copyOf(ids == null ? List.of() : ids);
        if (ids.isEmpty() || ids.size() > Codec.MAX_EVENTS_PER_MESSAGE) {
            throw new IllegalArgumentException("ids must hold 1.." + Codec.MAX_EVENTS_PER_MESSAGE + " event ids, had "
                    + ids.size());
        }
        String prefix = shelf + "/";
        for (String id : ids) {
            if (id == null || !id.startsWith(prefix) || id.length() > 100) {
                throw new IllegalArgumentException("an id of shelf " + shelf + " must start with " + prefix + ", was: "
                        + id);
            }
        }
    }
}
