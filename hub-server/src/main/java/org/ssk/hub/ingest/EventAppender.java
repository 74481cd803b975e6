package org.ssk.hub.ingest;

import org.ssk.protocol.ShelfEvent;

/**
 * Durable, idempotent storage of shelf events: the ledger as the ingest path sees it. Blocking
 * (JDBC); the {@link LedgerWriterVerticle} calls it on a worker thread, one call at a time.
 */
@FunctionalInterface
public interface EventAppender {
    /**
     * Stores {@code event} once and returns true, or returns false when an event with the same id
     * is already stored. Returns only after the write is durable; throws when it could not be made.
     */
    boolean append(ShelfEvent event) throws Exception;
}
