package org.ssk.hub.ingest;

import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Telemetry;

/**
 * What the ingest path tells the rest of the hub, published on the local event bus once it is safe
 * to act on ({@link Stored} on {@link #EVENTS_ADDRESS}, the rest on {@link #ADDRESS}): an event only after the ledger holds it durably (lifts, which only
 * reach kiosks, on receipt), and only the first time its id is seen. Records, immutable, passed by reference ({@link LocalCodec}).
 */
public sealed interface ShelfNotice {
    /** Local event-bus address of the notices about shelves' connection, mode and heartbeat. */
    String ADDRESS = "ssk.hub.notice";

    /**
     * Local event-bus address of {@link Stored} notices, one per event: apart so that at tens of
     * thousands of events per second (a room's backlog) only the kiosk push receives them, not
     * every listener of {@link #ADDRESS}.
     */
    String EVENTS_ADDRESS = "ssk.hub.notice.event";

    /** Where {@code n} is published. */
    static String addressOf(ShelfNotice n) {
        return n instanceof Stored ? EVENTS_ADDRESS : ADDRESS;
    }

    String shelf();

    /**
     * An event newly stored in the ledger; a lift is published on receipt instead, before it is
     * durable (it only changes what a kiosk shows; a lift redelivered by the broker after a hub
     * crash may therefore be shown twice, a stored one never goes missing). {@code receivedNanos} is {@link System#nanoTime()} when
     * its MQTT message arrived, for latency measurements.
     */
    record Stored(ShelfEvent event, long receivedNanos) implements ShelfNotice {
        @Override
        public String shelf() {
            return event.shelf();
        }
    }

    /** The shelf's agent connected or vanished (its retained state or last will). */
    record Online(String shelf, boolean online) implements ShelfNotice {
    }

    /** The shelf entered or left restock mode (seen as a change in its telemetry). */
    record RestockMode(String shelf, boolean on) implements ShelfNotice {
    }

    /** The latest heartbeat of a shelf. */
    record Heartbeat(Telemetry telemetry) implements ShelfNotice {
        @Override
        public String shelf() {
            return telemetry.shelf();
        }
    }

    /** Registers the codecs of every notice type on {@code bus}. */
    static void registerCodecs(io.vertx.core.eventbus.EventBus bus) {
        LocalCodec.register(bus, Stored.class);
        LocalCodec.register(bus, Online.class);
        LocalCodec.register(bus, RestockMode.class);
        LocalCodec.register(bus, Heartbeat.class);
    }
}
