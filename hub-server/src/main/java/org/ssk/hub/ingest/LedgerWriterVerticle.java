package org.ssk.hub.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Store unavailable ({@link StoreUnavailableException}: disk full, read-only, database gone):
 * the requests are not answered but held, in order, at the head of the queue, and the write is
 * retried after a back-off ({@link #RETRY_MIN_MS} doubling to {@link #RETRY_MAX_MS}); so ingest
 * acknowledges nothing it could not store, and every held event is stored once space returns. An
 * episode is logged once when it starts and once when it ends; meters: {@code ssk_ledger_writable}
 * (1 or 0), {@code ssk_ledger_held_events} (waiting requests),
 * {@code ssk_ledger_unavailable_episodes_total}, {@code ssk_ledger_write_retries_total}. Memory
 * stays bounded because the broker sends ingest no more unacknowledged QoS 1 messages than its
 * in-flight window; the rest wait in the broker's session.
 */
public final class LedgerWriterVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(LedgerWriterVerticle.class);

    /** Local event-bus address of append requests. */
    public static final String ADDRESS = "ssk.ledger.append";

    /** Most events in one write: bounds a transaction's size and the wait of the last one in it. */
    static final int MAX_BATCH = 512;
    static final long RETRY_MIN_MS = 100;
    static final long RETRY_MAX_MS = 5_000;

    /**
     * How long a requester waits for its answer: as long as the ledger may be down (a weekend with
     * a full disk), not the event bus's default 30 s. A request that timed out would leave its
     * event stored later but never acknowledged, holding a slot of the broker's in-flight window
     * to the hub until the next reconnection (seen on a full tmpfs, see docs/benchmarks.md).
     */
    public static final long ANSWER_TIMEOUT_MS = java.util.concurrent.TimeUnit.DAYS.toMillis(30);

    /**
     * Failure code of a request that is the broker sending again a delivery that already waits
     * here (same event, same MQTT packet id): acknowledging the waiting copy acknowledges both.
     */
    public static final int SUPERSEDED = 409;

    /**
     * Asks the writer to store {@code event}, received as MQTT packet {@code deliveryId}; the reply
     * body is a {@link Boolean}: true when new.
     */
    public static Future<Message<Boolean>> append(io.vertx.core.eventbus.EventBus bus, ShelfEvent event,
                                                  int deliveryId) {
        return bus.request(ADDRESS, new Append(event, deliveryId),
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS));
    }

    /**
     * Request body: the event to store and the MQTT packet id it came in ({@code -1}: unknown). The
     * reply body is a {@link Boolean}: true when new.
     */
    public record Append(ShelfEvent event, int deliveryId) {
        public Append(ShelfEvent event) {
            this(event, -1);
        }

        /** Same key, same delivery: a broker's resend of an unacknowledged message. Null when unknown. */
        String deliveryKey() {
            return deliveryId < 0 ? null : event.id() + "#" + deliveryId;
        }
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
    /** The waiting requests by {@link Append#deliveryKey()}, so a broker's resend does not queue twice. */
    private final Map<String, Message<Append>> waiting = new HashMap<>();
    private boolean busy;
    private int inWrite;
    private boolean housekeepingDue;
    private MessageConsumer<Append> consumer;
    private MessageConsumer<ShelfNotice> notices;
    private long timer = -1;
    private final MeterRegistry meters;
    private Counter episodes;
    private Counter retries;
    /** Set while the store cannot write: since when (epoch ms) and the back-off of the next retry. */
    private long downSinceMs = -1;
    private long retryMs;
    private long retryTimer = -1;
    /** Requests waiting or being written, for the gauge (read from the metrics thread). */
    private volatile int held;

    public LedgerWriterVerticle(EventAppender appender) {
        this(appender, Housekeeping.NONE, 60_000, new SimpleMeterRegistry());
    }

    public LedgerWriterVerticle(EventAppender appender, Housekeeping housekeeping, long periodMs) {
        this(appender, housekeeping, periodMs, new SimpleMeterRegistry());
    }

    public LedgerWriterVerticle(EventAppender appender, Housekeeping housekeeping, long periodMs,
                                MeterRegistry meters) {
        this.appender = appender;
        this.housekeeping = housekeeping;
        this.periodMs = periodMs;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        Gauge.builder("ssk_ledger_writable", this, w -> w.downSinceMs < 0 ? 1 : 0)
                .description("1 while the ledger stores events, 0 while it cannot write (disk full, read-only)")
                .register(meters);
        Gauge.builder("ssk_ledger_held_events", this, w -> w.held)
                .description("events received and waiting for the ledger, unacknowledged").register(meters);
        episodes = Counter.builder("ssk_ledger_unavailable_episodes")
                .description("times the ledger stopped being able to write").register(meters);
        retries = Counter.builder("ssk_ledger_write_retries")
                .description("writes retried because the ledger could not write").register(meters);
        consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
            if (!enqueue(msg)) {
                return;
            }
            pending.add(msg);
            held = pending.size() + inWrite;
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

    /**
     * Registers a request about to wait, or fails it as {@link #SUPERSEDED} when the same delivery
     * already waits. Without this, a broker that resends unacknowledged messages every few seconds
     * (Moquette does) would grow the queue without bound during a long outage of the ledger.
     */
    private boolean enqueue(Message<Append> m) {
        String key = m.body().deliveryKey();
        if (key == null) {
            return true;
        }
        if (waiting.putIfAbsent(key, m) != null) {
            m.fail(SUPERSEDED, "the same delivery already waits for the ledger");
            return false;
        }
        return true;
    }

    /** Starts the next database task unless one is running: housekeeping when due, else a write. */
    private void next() {
        if (busy || retryTimer >= 0) {
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
            Message<Append> m = pending.poll();
            String key = m.body().deliveryKey();
            if (key != null) {
                waiting.remove(key);
            }
            batch.add(m);
        }
        inWrite = batch.size();
        List<ShelfEvent> events = batch.stream().map(m -> m.body().event()).toList();
        // Unordered: the flag already allows one task at a time, and an ordered task on a worker
        // context would hold back the delivery of the requests that make up the next batch.
        vertx.executeBlocking(() -> write(events), false).onComplete(done -> {
            busy = false;
            inWrite = 0;
            answer(batch, done.result());
            held = pending.size();
            next();
        });
    }

    /** Replies to each request, or holds it for a retry when the store could not write. */
    private void answer(List<Message<Append>> batch, List<Object> answers) {
        List<Message<Append>> refused = new ArrayList<>();
        StoreUnavailableException why = null;
        for (int i = 0; i < batch.size(); i++) {
            Message<Append> m = batch.get(i);
            Object a = answers.get(i);
            if (a instanceof Boolean fresh) {
                m.reply(fresh);
            } else if (a instanceof StoreUnavailableException u) {
                refused.add(m);
                why = u;
            } else {
                m.fail(500, a instanceof Exception ex && ex.getMessage() != null ? ex.getMessage() : a.toString());
            }
        }
        if (refused.isEmpty()) {
            if (downSinceMs >= 0) {
                log.info("ledger writable again after {} ms; the events held meanwhile are stored",
                        System.currentTimeMillis() - downSinceMs);
                downSinceMs = -1;
            }
            return;
        }
        for (int i = refused.size() - 1; i >= 0; i--) {
            if (enqueue(refused.get(i))) {
                pending.addFirst(refused.get(i));
            }
        }
        if (downSinceMs < 0) {
            downSinceMs = System.currentTimeMillis();
            retryMs = RETRY_MIN_MS;
            episodes.increment();
            log.error("ledger cannot write ({}); holding events unacknowledged and retrying every {}-{} ms until it"
                    + " can", why.getMessage(), RETRY_MIN_MS, RETRY_MAX_MS);
        } else {
            retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        }
        retries.increment();
        retryTimer = vertx.setTimer(retryMs, t -> {
            retryTimer = -1;
            next();
        });
    }

    /** Per event: a Boolean (stored, new or not) or the exception that kept it out. Never throws. */
    private List<Object> write(List<ShelfEvent> events) {
        try {
            List<Boolean> fresh = appender.appendAll(events);
            if (fresh.size() != events.size()) {
                throw new IllegalStateException("appendAll answered " + fresh.size() + " of " + events.size());
            }
            return new ArrayList<>(fresh);
        } catch (StoreUnavailableException down) {
            return new ArrayList<>(java.util.Collections.nCopies(events.size(), down));
        } catch (Exception batchFailure) {
            if (events.size() > 1) {
                log.warn("ledger batch of {} failed ({}); appending one by one", events.size(),
                        batchFailure.toString());
            }
            List<Object> answers = new ArrayList<>(events.size());
            for (ShelfEvent e : events) {
                try {
                    answers.add(events.size() > 1 ? appender.append(e) : rethrow(batchFailure));
                } catch (StoreUnavailableException down) {
                    answers.add(down);
                } catch (Exception ex) {
                    log.error("ledger append of {} failed", e.id(), ex);
                    answers.add(ex);
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
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        return Future.all(consumer.unregister(), notices.unregister());
    }
}
