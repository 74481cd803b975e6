package org.ssk.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.ShelfEvent;

/**
 * The ledger's I/O edge: consumes {@link Append} requests on {@link #ADDRESS} and answers whether
 * the event was new. Deploy it as a worker verticle (one instance): the blocking JDBC append then
 * runs on a worker thread, one event at a time in arrival order, never on an event loop. A failed
 * append is answered with a failure (code 500, the reason as message) and logged.
 */
public final class LedgerWriterVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(LedgerWriterVerticle.class);

    /** Local event-bus address of append requests. */
    public static final String ADDRESS = "ssk.ledger.append";

    /** Request body: the event to store. The reply body is a {@link Boolean}: true when new. */
    public record Append(ShelfEvent event) {
    }

    private final EventAppender appender;
    private MessageConsumer<Append> consumer;

    public LedgerWriterVerticle(EventAppender appender) {
        this.appender = appender;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
            ShelfEvent e = msg.body().event();
            try {
                msg.reply(appender.append(e));
            } catch (Exception ex) {
                log.error("ledger append of {} failed", e.id(), ex);
                msg.fail(500, String.valueOf(ex.getMessage()));
            }
        });
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
