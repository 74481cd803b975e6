package org.ssk.hub.ingest;

/**
 * Thrown by an {@link EventAppender} when the store cannot write at the moment (the disk is full,
 * the file or file system turned read-only, the database is unreachable): nothing of the call was
 * stored, and the same events will very likely be stored once the cause is gone. The
 * {@link LedgerWriterVerticle} then holds the events unacknowledged and retries, instead of
 * failing them one by one.
 */
public final class StoreUnavailableException extends Exception {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
