package org.ssk.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.ShelfEvent;

/**
 * The ledger's I/O edge: consumes {@link Append} requests on {@link #ADDRESS} and answers whether
 * the event was new, only once it is durable; and every {@code periodMs} runs the
 * {@link Housekeeping} (alert evaluation) with the shelves whose agents are offline, as learned
 * from {@link ShelfNotice.Online}.
 *
 * <p>Group commit: requests that arrive while a write is in progress wait, and the next write
 * takes all of them (up to {@link #MAX_BATCH}) in one {@link EventAppender#appendAll} call, so a
 * store that commits a batch in one transaction pays one fsync for many events. One database task
 * at a time (a write or the housekeeping), in arrival order, on a worker thread, never on an event
 * loop; the queue and the flags are touched only on this verticle's context. A failed batch is
 * retried event by event so each request gets its own answer; a failed append is answered with a
 * failure (code 500, the reason as message) and logged.
 */
public final class LedgerWriterVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(LedgerWriterVerticle.class);

    /** Local event-bus address of append requests. */
    public static final String ADDRESS = "ssk.ledger.append";

    /** Most events in one write: bounds a transaction's size and the wait of the last one in it. */
    static final int MAX_BATCH = 512;

    /** Request body: the event to store. The reply body is a {@link Boolean}: true when new. */
    public record Append(ShelfEvent event) {
    }

    /** Periodic blocking work on the ledger's database (alerts); {@code offlineShelves} is a copy. */
    @FunctionalInterface
    public interface Housekeeping {
        Housekeeping NONE = (nowMs, offline) -> { };

        void run(long nowMs, Set<String> offlineShelves) throws Exception;
    }

    private final EventAppender appender;
    private final Housekeeping housekeeping;
    private final long periodMs;
    private final Set<String> offline = new HashSet<>();
    private final ArrayDeque<Message<Append>> pending = new ArrayDeque<>();
    private boolean busy;
    private boolean housekeepingDue;
    private MessageConsumer<Append> consumer;
    private MessageConsumer<ShelfNotice> notices;
    private long timer = -1;

    public LedgerWriterVerticle(EventAppender appender) {
        this(appender, Housekeeping.NONE, 60_000);
    }

    public LedgerWriterVerticle(EventAppender appender, Housekeeping housekeeping, long periodMs) {
        this.appender = appender;
        this.housekeeping = housekeeping;
        this.periodMs = periodMs;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
            pending.add(msg);
            next();
        });
        notices = vertx.eventBus().consumer(ShelfNotice.ADDRESS, msg -> {
            if (msg.body() instanceof ShelfNotice.Online o) {
                if (o.online()) {
                    offline.remove(o.shelf());
                } else {
                    offline.add(o.shelf());
                }
            }
        });
        if (housekeeping != Housekeeping.NONE) {
            timer = vertx.setPeriodic(periodMs, t -> {
                housekeepingDue = true;
                next();
            });
        }
        return Future.all(consumer.completion(), notices.completion());
    }

    /** Starts the next database task unless one is running: housekeeping when due, else a write. */
    private void next() {
        if (busy) {
            return;
        }
        if (housekeepingDue) {
            housekeepingDue = false;
            busy = true;
            Set<String> off = Set.copyOf(offline);
            vertx.executeBlocking(() -> {
                housekeeping.run(System.currentTimeMillis(), off);
                return null;
            }, false).onComplete(done -> {
                if (done.failed()) {
                    log.error("ledger housekeeping (alerts) failed", done.cause());
                }
                busy = false;
                next();
            });
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        busy = true;
        List<Message<Append>> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
        while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(pending.poll());
        }
        List<ShelfEvent> events = batch.stream().map(m -> m.body().event()).toList();
        // Unordered: the flag already allows one task at a time, and an ordered task on a worker
        // context would hold back the delivery of the requests that make up the next batch.
        vertx.executeBlocking(() -> write(events), false).onComplete(done -> {
            busy = false;
            List<Object> answers = done.result();
            for (int i = 0; i < batch.size(); i++) {
                Message<Append> m = batch.get(i);
                if (answers.get(i) instanceof Boolean fresh) {
                    m.reply(fresh);
                } else {
                    m.fail(500, String.valueOf(answers.get(i)));
                }
            }
            next();
        });
    }

    /** Per event: a Boolean (stored, new or not) or the failure's message. Never throws. */
    private List<Object> write(List<ShelfEvent> events) {
        try {
            List<Boolean> fresh = appender.appendAll(events);
            if (fresh.size() != events.size()) {
                throw new IllegalStateException("appendAll answered " + fresh.size() + " of " + events.size());
            }
            return new ArrayList<>(fresh);
        } catch (Exception batchFailure) {
            if (events.size() > 1) {
                log.warn("ledger batch of {} failed ({}); appending one by one", events.size(),
                        batchFailure.toString());
            }
            List<Object> answers = new ArrayList<>(events.size());
            for (ShelfEvent e : events) {
                try {
                    answers.add(events.size() > 1 ? appender.append(e) : rethrow(batchFailure));
                } catch (Exception ex) {
                    log.error("ledger append of {} failed", e.id(), ex);
                    answers.add(ex.getMessage() == null ? ex.toString() : ex.getMessage());
                }
            }
            return answers;
        }
    }

    private static boolean rethrow(Exception e) throws Exception {
        throw e;
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.all(consumer.unregister(), notices.unregister());
    }
}
