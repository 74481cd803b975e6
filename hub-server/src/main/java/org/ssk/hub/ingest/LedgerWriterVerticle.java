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
 * the event was new, only once it is durable. It writes and does nothing else: the alert checks
 * run on a thread of their own ({@code JdbcStorage.startAlertChecks}), since any other task on
 * this queue holds back every write behind it, the broker's in-flight window to ingest fills with
 * unacknowledged messages and the lifts behind them wait at the broker (the 0.6-1.8 s stalls of
 * docs/benchmarks.md 9d, the 177 s of an alert check stuck in a PostgreSQL handshake).
 *
 * <p>Group commit: requests that arrive while a write is in progress wait, and the next write
 * takes all of them (whole requests, up to {@link #MAX_BATCH} events) in one
 * {@link EventAppender#appendAll} call, so a store that commits a batch in one transaction pays one
 * fsync for many events. A request carries one MQTT message's events (one, or a shelf's backlog
 * of up to 128), so a batch's size is the broker's in-flight window times the events per message. One write
 * at a time, in arrival order, on a worker thread, never on an event
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

    /**
     * Most events in one write (a single larger request still goes whole): bounds a transaction's
     * size and the wait of the last event in it; above Mosquitto's window (20) of full messages (128).
     */
    static final int MAX_BATCH = 4096;
    static final long RETRY_MIN_MS = 100;
    static final long RETRY_MAX_MS = 5_000;

    /**
     * How long a requester waits for its answer: as long as the ledger may be down (a weekend with
     * a full disk), not the event bus's default 30 s. A request that timed out would leave its
     * event stored later but never acknowledged, holding a slot of the broker's in-flight window
     * to the hub until the next reconnection (seen on a full tmpfs, see docs/benchmarks.md).
     */
    /** The gauge of events received and waiting for the ledger (the region upload yields to it). */
    public static final String HELD_GAUGE = "ssk_ledger_held_events";
    public static final long ANSWER_TIMEOUT_MS = java.util.concurrent.TimeUnit.DAYS.toMillis(30);

    /**
     * Failure code of a request that is the broker sending again a delivery that already waits
     * here (same events, same MQTT packet id) and that a still newer copy has replaced: only the
     * newest copy is answered (see {@link #enqueue}), so its requester acknowledges it.
     */
    public static final int SUPERSEDED = 409;

    /**
     * Asks the writer to store {@code events} (one MQTT message's worth, in order), received as
     * MQTT packet {@code deliveryId} ({@code -1}: unknown); the reply says, per event, whether it
     * was new.
     */
    public static Future<Message<Appended>> append(io.vertx.core.eventbus.EventBus bus, List<ShelfEvent> events,
                                                   int deliveryId) {
        return bus.request(ADDRESS, new Append(events, deliveryId),
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(ANSWER_TIMEOUT_MS));
    }

    /** Registers the local codecs of this verticle's request and reply; once per Vertx. */
    public static void registerCodecs(io.vertx.core.eventbus.EventBus bus) {
        LocalCodec.register(bus, Append.class);
        LocalCodec.register(bus, Appended.class);
    }

    /**
     * Request body: the events of one MQTT message to store, in order, and the packet id they
     * came in ({@code -1}: unknown). Answered with {@link Appended} once all are durable.
     */
    public record Append(List<ShelfEvent> events, int deliveryId) {
        public Append {
            if (events.isEmpty()) {
                throw new IllegalArgumentException("nothing to append");
            }
            events = List.copyOf(events);
        }

        public Append(ShelfEvent event) {
            this(List.of(event), -1);
        }

        /** Same events, same delivery: a broker's resend of an unacknowledged message. Null when unknown. */
        String deliveryKey() {
            return deliveryId < 0 ? null : events.get(0).id() + "#" + events.size() + "#" + deliveryId;
        }
    }

    /**
     * Reply body: per event of the request, {@code TRUE} when newly stored, {@code FALSE} when it
     * was stored before, {@code null} when it could not be stored ({@code failure} says why; the
     * requester leaves the message unacknowledged). {@code quarantined} holds the indexes of the
     * events among the new ones that were kept in quarantine instead of stored as ledger rows.
     */
    public record Appended(List<Boolean> fresh, Set<Integer> quarantined, String failure) {
        public Appended {
            quarantined = Set.copyOf(quarantined);
        }

        public Appended(List<Boolean> fresh, String failure) {
            this(fresh, Set.of(), failure);
        }

        public boolean complete() {
            return failure == null;
        }

        /** Whether event {@code i} of the request was newly put in quarantine. */
        public boolean quarantined(int i) {
            return quarantined.contains(i);
        }
    }

    private final EventAppender appender;
    private final ArrayDeque<Message<Append>> pending = new ArrayDeque<>();
    /** The waiting requests by {@link Append#deliveryKey()}, so a broker's resend does not queue twice. */
    private final Map<String, Message<Append>> waiting = new HashMap<>();
    /** The newest resent copy of a waiting delivery, by {@link Append#deliveryKey()}. */
    private final Map<String, Message<Append>> newestCopy = new HashMap<>();
    private boolean busy;
    private int inWrite;
    private MessageConsumer<Append> consumer;
    private final MeterRegistry meters;
    private Counter episodes;
    private Counter retries;
    private io.micrometer.core.instrument.DistributionSummary batchEvents;
    private io.micrometer.core.instrument.Timer batchTime;
    /** Set while the store cannot write: since when (epoch ms) and the back-off of the next retry. */
    private long downSinceMs = -1;
    private long retryMs;
    private long retryTimer = -1;
    /** Requests waiting or being written, for the gauge (read from the metrics thread). */
    private volatile int held;
    /** Events in {@link #pending} (a request holds one or more). */
    private int pendingEvents;

    public LedgerWriterVerticle(EventAppender appender) {
        this(appender, new SimpleMeterRegistry());
    }

    public LedgerWriterVerticle(EventAppender appender, MeterRegistry meters) {
        this.appender = appender;
        this.meters = meters;
    }

    @Override
    public Future<?> start() {
        Gauge.builder("ssk_ledger_writable", this, w -> w.downSinceMs < 0 ? 1 : 0)
                .description("1 while the ledger stores events, 0 while it cannot write (disk full, read-only)")
                .register(meters);
        Gauge.builder(HELD_GAUGE, this, w -> w.held)
                .description("events received and waiting for the ledger, unacknowledged").register(meters);
        episodes = Counter.builder("ssk_ledger_unavailable_episodes")
                .description("times the ledger stopped being able to write").register(meters);
        batchEvents = io.micrometer.core.instrument.DistributionSummary.builder("ssk_ledger_batch_events")
                .description("events per ledger write (group commit)").register(meters);
        batchTime = io.micrometer.core.instrument.Timer.builder("ssk_ledger_batch")
                .description("time of one ledger write, commit included").register(meters);
        retries = Counter.builder("ssk_ledger_write_retries")
                .description("writes retried because the ledger could not write").register(meters);
        consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
            if (!enqueue(msg)) {
                return;
            }
            pending.add(msg);
            pendingEvents += msg.body().events().size();
            held = pendingEvents + inWrite;
            next();
        });
        return consumer.completion();
    }

    /**
     * Registers a request about to wait, or, when the same delivery already waits, keeps it as
     * that delivery's newest copy instead of queueing it: it is answered (all events "not new")
     * when the waiting one is, and a copy it replaces fails as {@link #SUPERSEDED}. Without this, a
     * broker that resends unacknowledged messages every few seconds (Moquette does) would grow the
     * queue without bound during a long outage of the ledger. The newest copy must be answered,
     * not just dropped: after the hub reconnects to the broker, the resend came on the new
     * connection, and acknowledging only the first copy would go to the old, closed one, leaving
     * the message unacknowledged and its in-flight slot taken for good.
     */
    private boolean enqueue(Message<Append> m) {
        String key = m.body().deliveryKey();
        if (key == null) {
            return true;
        }
        if (waiting.putIfAbsent(key, m) != null) {
            Message<Append> older = newestCopy.put(key, m);
            if (older != null) {
                older.fail(SUPERSEDED, "a newer copy of the same delivery waits for the ledger");
            }
            return false;
        }
        return true;
    }

    /** Answers the newest resent copy of {@code m}'s delivery, if one came while {@code m} waited. */
    private void answerCopy(Message<Append> m, Appended original) {
        String key = m.body().deliveryKey();
        Message<Append> copy = key == null ? null : newestCopy.remove(key);
        if (copy != null) {
            List<Boolean> stored = original.fresh().stream().map(f -> f == null ? null : Boolean.FALSE).toList();
            copy.reply(new Appended(stored, original.failure()));
        }
    }

    /** Starts the next write unless one is running. */
    private void next() {
        if (busy || retryTimer >= 0) {
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        busy = true;
        List<Message<Append>> batch = new ArrayList<>();
        List<ShelfEvent> events = new ArrayList<>();
        while (!pending.isEmpty()
                && (batch.isEmpty() || events.size() + pending.peek().body().events().size() <= MAX_BATCH)) {
            Message<Append> m = pending.poll();
            String key = m.body().deliveryKey();
            if (key != null) {
                waiting.remove(key);
            }
            batch.add(m);
            events.addAll(m.body().events());
        }
        pendingEvents -= events.size();
        inWrite = events.size();
        // Unordered: the flag already allows one task at a time, and an ordered task on a worker
        // context would hold back the delivery of the requests that make up the next batch.
        vertx.executeBlocking(() -> {
            long t0 = System.nanoTime();
            List<Object> answers = write(events);
            batchTime.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
            batchEvents.record(events.size());
            return answers;
        }, false).onComplete(done -> {
            busy = false;
            inWrite = 0;
            answer(batch, done.result());
            held = pendingEvents;
            next();
        });
    }

    /**
     * Replies to each request with its events' outcomes, or holds it for a retry when the store
     * could not write one of them ({@code answers} holds one outcome per event, requests in order).
     */
    private void answer(List<Message<Append>> batch, List<Object> answers) {
        List<Message<Append>> refused = new ArrayList<>();
        List<Map.Entry<Message<Append>, Appended>> replies = new ArrayList<>();
        StoreUnavailableException why = null;
        int at = 0;
        for (Message<Append> m : batch) {
            int n = m.body().events().size();
            List<Object> mine = answers.subList(at, at + n);
            at += n;
            StoreUnavailableException down = null;
            String failure = null;
            List<Boolean> fresh = new ArrayList<>(n);
            Set<Integer> held = new HashSet<>();
            for (Object a : mine) {
                if (a instanceof EventAppender.Outcome o) {
                    if (o == EventAppender.Outcome.QUARANTINED) {
                        held.add(fresh.size());
                    }
                    fresh.add(o != EventAppender.Outcome.DUPLICATE);
                } else {
                    fresh.add(null);
                    if (a instanceof StoreUnavailableException u) {
                        down = u;
                    } else if (failure == null) {
                        failure = a instanceof Exception ex && ex.getMessage() != null ? ex.getMessage() : a.toString();
                    }
                }
            }
            if (down != null) {
                refused.add(m);
                why = down;
            } else {
                replies.add(Map.entry(m, new Appended(fresh, held, failure)));
            }
        }
        // The state is brought up to date before anyone hears an answer: whoever reads
        // ssk_ledger_writable after its answer sees the store writable again.
        if (refused.isEmpty() && downSinceMs >= 0) {
            log.info("ledger writable again after {} ms; the events held meanwhile are stored",
                    System.currentTimeMillis() - downSinceMs);
            downSinceMs = -1;
        }
        for (Map.Entry<Message<Append>, Appended> r : replies) {
            r.getKey().reply(r.getValue());
            answerCopy(r.getKey(), r.getValue());
        }
        if (refused.isEmpty()) {
            return;
        }
        for (int i = refused.size() - 1; i >= 0; i--) {
            if (enqueue(refused.get(i))) {
                pending.addFirst(refused.get(i));
                pendingEvents += refused.get(i).body().events().size();
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

    /** Per event: an {@link EventAppender.Outcome} or the exception that kept it out. Never throws. */
    private List<Object> write(List<ShelfEvent> events) {
        try {
            List<EventAppender.Outcome> fresh = appender.appendJudged(events);
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
                    answers.add(events.size() > 1 ? appender.appendJudged(List.of(e)).get(0) : rethrow(batchFailure));
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

    private static EventAppender.Outcome rethrow(Exception e) throws Exception {
        throw e;
    }

    @Override
    public Future<?> stop() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
        }
        return consumer.unregister();
    }
}
