package org.ssk.agent.outbox;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.ShelfEvent;

/**
 * The agent's fallback for an {@link Outbox} that cannot write (SD card full, file system turned
 * read-only after an error): events the detector found are kept in memory, in sequence order, and
 * moved into the outbox as soon as it takes them again. Nothing is published before it is in the
 * outbox, so the outbox's contract (stored before published, ids unique, order kept) holds.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #offer} stores the event in the outbox, or holds it when the outbox refuses or
 *       earlier events are still held (so the outbox still receives them in seq order).</li>
 *   <li>{@link #retry} is called by the run loop between samples; when due it moves held events
 *       into the outbox in order, backing off from {@link #RETRY_MIN_MS} doubling to
 *       {@link #RETRY_MAX_MS} while the outbox still refuses. Sampling and detection never wait.</li>
 *   <li>At most {@code capacity} events are held; past that a new event is dropped, counted and
 *       logged: the only loss, and it is reported by {@link #fault()} and {@link #dropped()}.</li>
 *   <li>An episode (first refusal until the outbox took everything again) is logged once when
 *       it starts and once when it ends.</li>
 *   <li>Limit: held events are in memory only. If the agent is killed or the power fails while
 *       events are held, they are lost. Their seq numbers were never published, so the next
 *       start numbers on from the outbox's high-water mark without a duplicate id at the hub.</li>
 * </ul>
 * Not thread-safe: the run loop owns it; {@link #size}, {@link #dropped} and {@link #fault} may
 * be read from any thread.
 */
public final class HeldEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HeldEvents.class);

    /** About 3 MB of events: days of a busy shelf. */
    public static final int DEFAULT_CAPACITY = 10_000;
    static final long RETRY_MIN_MS = 200;
    static final long RETRY_MAX_MS = 5_000;

    private final String shelf;
    private final Outbox outbox;
    private final int capacity;
    private final Consumer<ShelfEvent> stored;
    private final ArrayDeque<ShelfEvent> held = new ArrayDeque<>();
    private volatile int size;
    private volatile long dropped;
    private volatile String failure;
    private long nextRetryMs;
    private long backoffMs;

    /** @param stored called (on the run loop) with each event once it is in the outbox */
    public HeldEvents(String shelf, Outbox outbox, int capacity, Consumer<ShelfEvent> stored) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.shelf = shelf;
        this.outbox = outbox;
        this.capacity = capacity;
        this.stored = stored;
    }

    /**
     * Stores {@code e} in the outbox now, or holds it. {@code nowMs} is sample time.
     *
     * @return true when it is in the outbox now
     */
    public boolean offer(ShelfEvent e, long nowMs) {
        if (held.isEmpty()) {
            try {
                outbox.append(e);
                stored.accept(e);
                return true;
            } catch (IOException ex) {
                failure = ex.getMessage();
                backoffMs = RETRY_MIN_MS;
                nextRetryMs = nowMs + backoffMs;
                LOG.error("shelf {}: the outbox cannot write ({}); holding events in memory (at most {}) and"
                        + " retrying until it can", shelf, ex.getMessage(), capacity);
            }
        }
        if (held.size() >= capacity) {
            if (dropped++ % 1000 == 0) {
                LOG.error("shelf {}: {} events held in memory, the most allowed; dropped event {} ({} dropped so"
                        + " far)", shelf, held.size(), e.id(), dropped);
            }
            return false;
        }
        held.add(e);
        size = held.size();
        return false;
    }

    /** Moves held events into the outbox when a retry is due ({@code nowMs} is sample time). */
    public void retry(long nowMs) {
        if (held.isEmpty() || nowMs < nextRetryMs) {
            return;
        }
        int moved = 0;
        while (!held.isEmpty()) {
            ShelfEvent e = held.peek();
            try {
                outbox.append(e);
            } catch (IOException ex) {
                failure = ex.getMessage();
                backoffMs = Math.min(backoffMs * 2, RETRY_MAX_MS);
                nextRetryMs = nowMs + backoffMs;
                return;
            }
            held.poll();
            size = held.size();
            moved++;
            stored.accept(e);
        }
        failure = null;
        LOG.info("shelf {}: the outbox writes again; {} held events stored{}", shelf, moved,
                dropped > 0 ? ", " + dropped + " were dropped while it could not" : "");
    }

    /** Whether events are held: the outbox could not write at the last attempt. */
    public boolean holding() {
        return size > 0;
    }

    /** Events held in memory. */
    public int size() {
        return size;
    }

    /** Events dropped because the memory bound was reached, since start. */
    public long dropped() {
        return dropped;
    }

    /** The current episode, described for telemetry; empty while the outbox writes. */
    public Optional<String> fault() {
        String f = failure;
        if (f == null && size == 0) {
            return Optional.empty();
        }
        return Optional.of("outbox: cannot write (" + f + "); " + size + " events held in memory"
                + (dropped > 0 ? ", " + dropped + " dropped" : ""));
    }
}
