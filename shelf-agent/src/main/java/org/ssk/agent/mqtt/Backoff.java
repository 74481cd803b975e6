package org.ssk.agent.mqtt;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the link waits before its next connect attempt: {@code minMs} after the first failure,
 * doubling with each further one up to {@code maxMs}, back to {@code minMs} once a connect
 * succeeds. Each wait adds up to a quarter of jitter, so a room of shelves does not reconnect in
 * step after the hub restarts. Not thread-safe: the link's sender thread owns it.
 */
final class Backoff {
    private final long minMs;
    private final long maxMs;
    private long currentMs;

    Backoff(long minMs, long maxMs) {
        if (minMs < 1 || maxMs < minMs) {
            throw new IllegalArgumentException("need 1 <= minMs <= maxMs");
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.currentMs = minMs;
    }

    /** The wait before the next attempt, without its jitter (what the log says). */
    long currentMs() {
        return currentMs;
    }

    /** After a failed attempt: the wait before the next one, jitter included; the one after doubles. */
    long failed() {
        long wait = currentMs + ThreadLocalRandom.current().nextLong(currentMs / 4 + 1);
        currentMs = Math.min(maxMs, currentMs * 2);
        return wait;
    }

    /** After a successful connect: the next failure waits {@code minMs} again. */
    void succeeded() {
        currentMs = minMs;
    }
}
