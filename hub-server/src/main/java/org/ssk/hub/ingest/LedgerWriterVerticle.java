package org.ssk.hub.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.protocol.ShelfEvent;

/**
 * The ledger's I/O edge: consumes {@link Append} requests on {@link #ADDRESS} and answers whether
 * the event was new, and every {@code periodMs} runs the {@link Housekeeping} (alert evaluation)
 * with the shelves whose agents are offline, as learned from {@link ShelfNotice.Online}. Deploy it
 * as a worker verticle (one instance): the blocking JDBC then runs on a worker thread, one task at
 * a time in arrival order, never on an event loop. A failed append is answered with a failure
 * (code 500, the reason as message) and logged.
 */
public final class LedgerWriterVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(LedgerWriterVerticle.class);

    /** Local event-bus address of append requests. */
    public static final String ADDRESS = "ssk.ledger.append";

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
            ShelfEvent e = msg.body().event();
            try {
                msg.reply(appender.append(e));
            } catch (Exception ex) {
                log.error("ledger append of {} failed", e.id(), ex);
                msg.fail(500, String.valueOf(ex.getMessage()));
            }
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
                try {
                    housekeeping.run(System.currentTimeMillis(), Set.copyOf(offline));
                } catch (Exception ex) {
                    log.error("ledger housekeeping (alerts) failed", ex);
                }
            });
        }
        return Future.all(consumer.completion(), notices.completion());
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return Future.all(consumer.unregister(), notices.unregister());
    }
}
