package org.ssk.hub.ingest;

import java.util.ArrayList;
import java.util.List;
import org.ssk.protocol.ShelfEvent;

/**
 * Durable, idempotent storage of shelf events: the ledger as the ingest path sees it. Blocking
 * (JDBC); the {@link LedgerWriterVerticle} calls it on a worker thread, one call at a time.
 */
@FunctionalInterface
public interface EventAppender {
    /** What became of one event: a new ledger row, newly held in quarantine, or an id seen before. */
    enum Outcome {
        STORED, QUARANTINED, DUPLICATE;

        /** A store without a quarantine: new or not. */
        public static Outcome of(boolean fresh) {
            return fresh ? STORED : DUPLICATE;
        }
    }

    /**
     * Stores {@code event} once and returns true, or returns false when an event with the same id
     * is already stored. Returns only after the write is durable; throws when it could not be made,
     * {@link StoreUnavailableException} when the store as a whole cannot write now.
     */
    boolean append(ShelfEvent event) throws Exception;

    /**
     * Stores {@code events} in order, as {@link #append} would one after the other; element i of
     * the result says whether event i was new. Returns only when all are durable. A store should
     * override it to write them in one transaction (one fsync for the lot: group commit); the
     * default appends them one by one. On an exception, any prefix may have been stored.
     */
    default List<Boolean> appendAll(List<ShelfEvent> events) throws Exception {
        List<Boolean> fresh = new ArrayList<>(events.size());
        for (ShelfEvent e : events) {
            fresh.add(append(e));
        }
        return fresh;
    }

    /**
     * As {@link #appendAll}, but element i tells a newly quarantined event (kept, not a sale, shown
     * to no kiosk) from a newly stored one. The default, for stores without a quarantine, never
     * answers {@link Outcome#QUARANTINED}.
     */
    default List<Outcome> appendJudged(List<ShelfEvent> events) throws Exception {
        return appendAll(events).stream().map(Outcome::of).toList();
    }
}
