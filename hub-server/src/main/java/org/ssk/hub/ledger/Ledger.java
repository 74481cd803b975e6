package org.ssk.hub.ledger;

import java.util.List;
import java.util.Map;
import org.ssk.protocol.ShelfEvent;

/**
 * The append-only poverty-alleviation ledger (消费扶贫台账): shelf events as the shelves report
 * them, from which stock per lane is derived. Nothing stored is ever updated or deleted; a
 * correction is a new entry. Implementations are thread-safe; every method blocks (JDBC).
 */
public interface Ledger extends AutoCloseable {
    /**
     * Stores {@code event} once and returns true, or returns false when an event with the same id
     * is already stored. Returns only after the entry is committed durably.
     */
    boolean append(ShelfEvent event) throws Exception;

    /** Items per lane of {@code shelf}, derived from its entries; lanes with no entries are absent. */
    Map<String, Integer> stockByLane(String shelf) throws Exception;

    /** The stored shelf events of {@code shelf} in the order they were stored. */
    List<StoredEvent> events(String shelf) throws Exception;

    /** A cheap round trip to the database. */
    boolean healthy();

    @Override
    void close();
}
