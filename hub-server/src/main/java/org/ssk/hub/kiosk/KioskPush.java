package org.ssk.hub.kiosk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.ingest.ShelfNotice;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Telemetry;

/**
 * Keeps the kiosk WebSockets of every shelf and turns {@link ShelfNotice}s into kiosk frames.
 * A new socket first gets {@code hello}; after that each stored lift or pick sends the product's
 * card, a putback sends the kiosk back to idle, and restock and shelf-state changes are forwarded.
 *
 * <p>Confined to the HTTP verticle's event loop (attach, notices and the ping timer all run
 * there): no locks. {@code ssk_kiosk_push_latency} times MQTT receipt → frame written, for
 * benches; nothing asserts on it.
 */
public final class KioskPush {
    private static final Logger log = LoggerFactory.getLogger(KioskPush.class);
    static final long PING_INTERVAL_MS = 20_000;

    private final Vertx vertx;
    private final Supplier<KioskCatalog> catalog;
    private final Map<String, Set<ServerWebSocket>> sockets = new HashMap<>();
    private final Map<String, Boolean> online = new HashMap<>();
    private final Map<String, Boolean> restock = new HashMap<>();
    private final Map<String, Telemetry> heartbeats = new HashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter frames;
    private final Timer latency;
    private long pingTimer = -1;

    public KioskPush(Vertx vertx, Supplier<KioskCatalog> catalog, MeterRegistry meters) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.frames = Counter.builder("ssk_kiosk_frames").description("frames pushed to kiosk pages")
                .register(meters);
        this.latency = Timer.builder("ssk_kiosk_push_latency")
                .description("from the event's MQTT message to its kiosk frame being written")
                .publishPercentiles(0.5, 0.99).register(meters);
        Gauge.builder("ssk_kiosk_sockets", open, AtomicInteger::get).description("open kiosk WebSockets")
                .register(meters);
    }

    /** Starts pinging open sockets; call once from the owning verticle's start. */
    public void start() {
        pingTimer = vertx.setPeriodic(PING_INTERVAL_MS, t -> sockets.values().forEach(set -> set.forEach(
                ws -> ws.writePing(Buffer.buffer("p")))));
    }

    public void stop() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
        }
        sockets.values().forEach(set -> set.forEach(ServerWebSocket::close));
        sockets.clear();
        open.set(0);
    }

    /** Registers an accepted socket of a known shelf and greets it. */
    public void attach(ShelfLayout shelf, ServerWebSocket ws) {
        String id = shelf.shelf();
        sockets.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(ws);
        open.incrementAndGet();
        ws.closeHandler(v -> {
            Set<ServerWebSocket> set = sockets.get(id);
            if (set != null && set.remove(ws)) {
                open.decrementAndGet();
            }
        });
        ws.exceptionHandler(e -> log.debug("kiosk socket of {}: {}", id, e.toString()));
        // Pages only listen; anything they send is dropped.
        ws.handler(b -> { });
        send(ws, KioskFrames.hello(shelf, catalog.get().cardsOn(id), online.getOrDefault(id, false),
                restock.getOrDefault(id, false)));
    }

    /** Open sockets of a shelf (for tests and /metrics). */
    public int sockets(String shelf) {
        return sockets.getOrDefault(shelf, Set.of()).size();
    }

    /** Last known connection state of a shelf's agent (false until it has spoken). */
    public boolean online(String shelf) {
        return online.getOrDefault(shelf, false);
    }

    /** Whether the shelf is in restock mode, as its last heartbeat said. */
    public boolean restocking(String shelf) {
        return restock.getOrDefault(shelf, false);
    }

    /** The shelf's last heartbeat, if one arrived since the hub started. */
    public java.util.Optional<Telemetry> lastHeartbeat(String shelf) {
        return java.util.Optional.ofNullable(heartbeats.get(shelf));
    }

    public void onNotice(ShelfNotice n) {
        switch (n) {
            case ShelfNotice.Stored s -> onEvent(s.event(), s.receivedNanos());
            case ShelfNotice.Online o -> {
                Boolean was = online.put(o.shelf(), o.online());
                if (was == null || was != o.online()) {
                    broadcast(o.shelf(), KioskFrames.shelfState(o.online()));
                }
            }
            case ShelfNotice.RestockMode r -> {
                // Kiosks start from "not restocking" (hello), so only a change is news.
                Boolean was = restock.put(r.shelf(), r.on());
                if ((was != null && was) != r.on()) {
                    broadcast(r.shelf(), KioskFrames.restock(r.on()));
                }
            }
            case ShelfNotice.Heartbeat h -> {
                heartbeats.put(h.shelf(), h.telemetry());
                online.putIfAbsent(h.shelf(), true);
            }
        }
    }

    private void onEvent(ShelfEvent e, long receivedNanos) {
        Set<ServerWebSocket> watching = sockets.get(e.shelf());
        if (watching == null || watching.isEmpty()) {
            return; // no screen shows this shelf: no frame to build (a shelf's backlog can be 64 events a message)
        }
        String frame = switch (e) {
            case Lift l -> KioskFrames.item("lift", l.lane(), l.id(), card(e));
            case Pick p -> KioskFrames.item("pick", p.lane(), p.id(), card(e));
            case Putback p -> KioskFrames.putback(p.lane());
            case Restock r -> null;
            case Anomaly a -> null;
        };
        if (frame != null && broadcast(e.shelf(), frame) > 0) {
            latency.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The card of the event's SKU, or of the SKU the planogram puts on that lane. */
    private Card card(ShelfEvent e) {
        KioskCatalog c = catalog.get();
        return c.card(e.sku()).or(() -> c.skuAt(e.shelf(), e.lane()).flatMap(c::card)).orElse(null);
    }

    private int broadcast(String shelf, String frame) {
        Set<ServerWebSocket> set = sockets.get(shelf);
        if (set == null) {
            return 0;
        }
        set.forEach(ws -> send(ws, frame));
        return set.size();
    }

    private void send(ServerWebSocket ws, String frame) {
        if (ws.isClosed()) {
            return;
        }
        if (ws.writeQueueFull()) {
            // A page that stopped reading would make the hub buffer without bound; closing makes it
            // reconnect and start again from a fresh hello, which is all a kiosk needs.
            log.warn("kiosk socket {} is not reading; closing it", ws.remoteAddress());
            ws.close((short) 1013, "too slow, reconnect");
            return;
        }
        ws.writeTextMessage(frame);
        frames.increment();
    }
}
