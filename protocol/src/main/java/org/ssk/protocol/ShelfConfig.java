package org.ssk.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The planogram of one shelf, retained on {@link Topics#config(String)} by the hub: which SKU each
 * lane holds and the nominal weight of one item. {@code version} increases with every change so the
 * agent can ignore a stale copy. The agent keeps the last one it saw and works from it while the
 * hub is away.
 *
 * <p>{@code maxEventsPerMessage} is how many events the hub takes in one event-topic message
 * ({@link Codec#decodeEvents}); an agent packs its backlog only up to it. A config from a hub that
 * predates several-event messages lacks the field and decodes as 1 (the one exception to "every
 * field present"), so a new agent never sends arrays to a hub that would refuse them.
 *
 * <p>{@code hubAcks} says the hub acknowledges stored events on {@link Topics#ack(String)}
 * ({@link HubAck}): an agent then keeps each event until the hub names it, not only until the
 * broker's PUBACK. A config from an older hub lacks the field and decodes as false, so a new agent
 * falls back to removing events on PUBACK with such a hub.
 */
public record ShelfConfig(String shelf, long version, List<LaneConfig> lanes, int maxEventsPerMessage,
                          boolean hubAcks) {

    /** A config for a hub that takes one event per message and sends no acknowledgements. */
    public ShelfConfig(String shelf, long version, List<LaneConfig> lanes) {
        this(shelf, version, lanes, 1, false);
    }

    /** A config for a hub that sends no acknowledgements (older than {@link HubAck}). */
    public ShelfConfig(String shelf, long version, List<LaneConfig> lanes, int maxEventsPerMessage) {
        this(shelf, version, lanes, maxEventsPerMessage, false);
    }

    /** One lane: its SKU (null when empty), nominal grams per item, and a display name. */
    public record LaneConfig(String lane, String sku, double unitGrams, String name) {
        public LaneConfig {
            if (lane == null || !ShelfEvent.LANE.matcher(lane).matches()) {
                throw new IllegalArgumentException("lane must be 1-16 of A-Z a-z 0-9 _ -, was: " + lane);
            }
            if (!(unitGrams > 0) || unitGrams > 100_000) {
                throw new IllegalArgumentException("unit_grams of lane " + lane + " must be in (0, 100000], was: "
                        + unitGrams);
            }
            if (name == null) {
                name = "";
            }
        }
    }

    public ShelfConfig {
        Topics.requireShelfId(shelf);
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0");
        }
        lanes = List.copyOf(lanes == null ? List.of() : lanes);
        if (maxEventsPerMessage < 1 || maxEventsPerMessage > Codec.MAX_EVENTS_PER_MESSAGE) {
            throw new IllegalArgumentException("max_events_per_message must be 1.." + Codec.MAX_EVENTS_PER_MESSAGE
                    + ", was: " + maxEventsPerMessage);
        }
        Set<String> seen = new HashSet<>();
        for (LaneConfig l : lanes) {
            if (!seen.add(l.lane())) {
                throw new IllegalArgumentException("lane " + l.lane() + " appears twice");
            }
        }
    }
}
