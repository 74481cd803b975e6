package org.ssk.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;
import org.ssk.agent.detect.Detection;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/**
 * Turns a detector's {@link Detection} into a protocol {@link ShelfEvent}: adds the shelf id, the
 * epoch, the next sequence number and the SKU the lane holds. Sequence numbers start after
 * {@code lastSeq} (the outbox's high-water mark) so ids stay unique across restarts; they never
 * depend on a clock, so a wall clock that jumps cannot repeat or reorder them. {@code t_ms} is the
 * detection's sample time turned into wall time by {@code wallOf} (the live agent's
 * {@link org.ssk.agent.time.ShelfClock#wallMs}; replay keeps the trace's times). One thread stamps;
 * the lane→SKU map may be replaced from another (a new config from the hub).
 */
public final class EventStamper {
    private final String shelf;
    private final String epoch;
    private long seq;
    private final LongUnaryOperator wallOf;
    private final Map<String, String> skuByLane = new ConcurrentHashMap<>();

    /** Stamps sample times as they are (replay, tests). */
    public EventStamper(String shelf, String epoch, long lastSeq) {
        this(shelf, epoch, lastSeq, LongUnaryOperator.identity());
    }

    public EventStamper(String shelf, String epoch, long lastSeq, LongUnaryOperator wallOf) {
        this.shelf = shelf;
        this.epoch = epoch;
        this.seq = lastSeq;
        this.wallOf = wallOf;
    }

    public void assign(String lane, String sku) {
        if (sku == null) {
            skuByLane.remove(lane);
        } else {
            skuByLane.put(lane, sku);
        }
    }

    /**
     * Stamps with the next sequence number. A detection the protocol rejects (the record's
     * validation throws) takes no number, so a bad detection never leaves a gap in {@code seq}.
     */
    public ShelfEvent stamp(Detection d) {
        long n = seq + 1;
        String sku = skuByLane.get(d.lane());
        long t = wallOf.applyAsLong(d.tMs());
        ShelfEvent e = switch (d.type()) {
            case LIFT -> new Lift(shelf, epoch, n, t, d.lane(), sku, d.grams());
            case PICK -> new Pick(shelf, epoch, n, t, d.lane(), sku, d.qty(), d.grams(), d.unseen());
            case PUTBACK -> new Putback(shelf, epoch, n, t, d.lane(), sku, d.qty(), d.grams(), d.unseen());
            case RESTOCK -> new Restock(shelf, epoch, n, t, d.lane(), sku, d.qty(), d.grams(), d.unseen());
            case ANOMALY -> new Anomaly(shelf, epoch, n, t, d.lane(), sku, d.kind(), d.grams(),
                    truncate(d.detail()), d.unseen());
        };
        seq = n;
        return e;
    }

    public long lastSeq() {
        return seq;
    }

    private static String truncate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
