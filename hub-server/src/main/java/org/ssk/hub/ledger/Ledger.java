package org.ssk.hub.ledger;

import java.util.List;
import java.util.Map;
import org.ssk.protocol.ShelfEvent;

/**
 * The append-only poverty-alleviation ledger (消费扶贫台账): shelf events as the shelves report
 * them, confirmed sales valued at the price of their time, and staff stock entries (declared
 * restocks, stock-takes, corrections). Stock per lane is derived from shelf events, stock-takes
 * and corrections. Nothing stored is ever updated or deleted; a correction is a new entry.
 * Every write returns after it is durably committed. Implementations are thread-safe; every
 * method blocks (JDBC). Times are epoch milliseconds; ranges are [from, to).
 */
public interface Ledger extends AutoCloseable {
    /** Stores {@code event} once: true when new, false when an event with its id was stored. */
    boolean append(ShelfEvent event) throws Exception;

    /**
     * Stores a confirmed order once (false when its order id is already stored), each line valued
     * at the SKU's price valid at {@code sale.tMs()}. Throws {@link IllegalArgumentException},
     * storing nothing, when a SKU has no price at that time.
     */
    boolean recordSale(Sale sale) throws Exception;

    /**
     * Stores a staff entry once (false when its id is already stored). For a stock-take the
     * stored {@code qty} is the adjustment counted minus the lane's expected stock at that moment.
     */
    boolean recordStockEntry(StockEntry entry) throws Exception;

    /**
     * Records several stock entries (a stock-take of a whole shelf) all or none: when one cannot be
     * stored ({@link IllegalArgumentException}) none is. True when at least one was new; entries
     * stored before (same id) are skipped, so a retry is harmless.
     */
    boolean recordStockEntries(java.util.List<StockEntry> entries) throws Exception;

    /** Items per lane of {@code shelf}, derived from its entries; lanes with no entries are absent. */
    Map<String, Integer> stockByLane(String shelf) throws Exception;

    /** The stored shelf events of {@code shelf} in the order they were stored. */
    List<StoredEvent> events(String shelf) throws Exception;

    /** Shelf events of every shelf with shelf time in [fromMs, toMs), by time. */
    List<StoredEvent> events(long fromMs, long toMs) throws Exception;

    /** Sale lines with order time in [fromMs, toMs), by time. */
    List<SaleLine> sales(long fromMs, long toMs) throws Exception;

    /** Staff entries with time in [fromMs, toMs), by time. */
    List<StockEntry> stockEntries(long fromMs, long toMs) throws Exception;

    /**
     * Events kept in quarantine (implausible at ingest), in the order they were kept; only those
     * awaiting an operator's decision when {@code pendingOnly}. None by default.
     */
    default List<QuarantinedEvent> quarantined(boolean pendingOnly) throws Exception {
        return List.of();
    }

    /**
     * Records an operator's decision on a quarantined event once: released (the event is then
     * stored as a shelf event and counts like any other) or rejected (it never counts). False when
     * it was decided before; {@link java.util.NoSuchElementException} when no such event is held.
     */
    default boolean decideQuarantined(String eventId, boolean release, String byUser) throws Exception {
        throw new UnsupportedOperationException("this ledger keeps no quarantine");
    }

    /** A cheap round trip to the database; false also while the last write failed for want of space or write access. */
    boolean healthy();

    @Override
    void close();
}
