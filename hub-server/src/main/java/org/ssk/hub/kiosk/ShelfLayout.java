package org.ssk.hub.kiosk;

import java.util.List;
import org.ssk.protocol.ShelfConfig;

/**
 * One shelf of the planogram: its id, a display name and its lanes in order. A lane's
 * {@code sku} is null when the lane is empty; {@code unitGrams} is the nominal weight of one item.
 * {@code configVersion} is the planogram's version (it grows with every change), sent to the agent.
 */
public record ShelfLayout(String shelf, String name, long configVersion, List<Lane> lanes) {

    /** One lane of the shelf; {@code capacity} is the items it holds when full, null when not known. */
    public record Lane(String lane, String sku, double unitGrams, String productName, Integer capacity) {
        /** A lane whose capacity is not known. */
        public Lane(String lane, String sku, double unitGrams, String productName) {
            this(lane, sku, unitGrams, productName, null);
        }
    }

    public ShelfLayout {
        lanes = List.copyOf(lanes);
    }

    /** A layout at config version 1 (generated catalogs, tests). */
    public ShelfLayout(String shelf, String name, List<Lane> lanes) {
        this(shelf, name, 1, lanes);
    }

    /** The retained config the hub publishes to this shelf's agent. */
    public ShelfConfig toConfig() {
        return new ShelfConfig(shelf, configVersion, lanes.stream()
                .filter(l -> l.sku() != null && l.unitGrams() > 0)
                .map(l -> new ShelfConfig.LaneConfig(l.lane(), l.sku(), l.unitGrams(), l.productName()))
                .toList(), org.ssk.protocol.Codec.MAX_EVENTS_PER_MESSAGE, true);
    }
}
