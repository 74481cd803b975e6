package org.ssk.region.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much of upload bodies one instance holds at once (received, waiting for an ingest thread or
 * being stored), counted by what each request declares before its body is read. An upload that
 * would go past the limit is not taken: it is answered 503 and the hub retries, instead of 500
 * centers reconnecting together filling the heap. One upload is always taken when none is held,
 * so a body larger than the whole budget still gets through alone. Thread-safe.
 */
final class UploadBudget {
    private final long limitBytes;
    private final AtomicLong held = new AtomicLong();

    UploadBudget(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Takes {@code bytes} and returns true, or returns false (taking nothing) when they do not fit. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = held.get();
            if (now > 0 && now + bytes > limitBytes) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        held.addAndGet(-bytes);
    }
}
