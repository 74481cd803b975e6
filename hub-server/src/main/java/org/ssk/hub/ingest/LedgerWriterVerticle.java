package org.ssk.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.ShelfEvent;

/**
 * The ledger's I/O edge: consumes {@link Append} requests on {@link #ADDRESS} and answers whether
 * the event was new, only once it is durable.
 *
 * <p>Group commit: requests that arrive while a write is in progress wait, and the next write
 * takes all of them (up to {@link #MAX_BATCH}) in one {@link EventAppender#appendAll} call, so a
 * store that commits a batch in one transaction pays one fsync for many events. One write at a
 * time, in arrival order, on a worker thread (never on an event loop); the queue and the flag are
 * touched only on this verticle's context. A failed batch is retried event by event so each
 * request gets its own answer; a failed append is answered with a failure (code 500, the reason
 * as message) and logged.
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

    private final EventAppender appender;
    private final ArrayDeque<Message<Append>> pending = new ArrayDeque<>();
    private boolean writing;
    private MessageConsumer<Append> consumer;

    public LedgerWriterVerticle(EventAppender appender) {
        this.appender = appender;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
            pending.add(msg);
            writeNext();
        });
        return consumer.completion();
    }

    private void writeNext() {
        if (writing || pending.isEmpty()) {
            return;
        }
        writing = true;
        List<Message<Append>> batch = new ArrayList<>(Math.min(pending.size(), MAX_BATCH));
        while (!pending.isEmpty() && batch.size() < MAX_BATCH) {
            batch.add(pending.poll());
        }
        List<ShelfEvent> events = batch.stream().map(m -> m.body().event()).toList();
        // Unordered: the flag already allows one write at a time, and an ordered task on a worker
        // context would hold back the delivery of the requests that make up the next batch.
        vertx.executeBlocking(() -> write(events), false).onComplete(done -> {
            writing = false;
            List<Object> answers = done.result();
            for (int i = 0; i < batch.size(); i++) {
                Message<Append> m = batch.get(i);
                if (answers.get(i) instanceof Boolean fresh) {
                    m.reply(fresh);
                } else {
                    m.fail(500, String.valueOf(answers.get(i)));
                }
            }
            writeNext();
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
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
