package org.ssk.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ssk.hub.Hub;

/**
 * Lift to screen, as {@code lift-latency} measures it: kiosk WebSockets on the first shelves of a
 * connected {@link ShelfFleet}, and a steady stream of lifts on those shelves, each timed from the
 * publish call to its card frame on the same clock. Durations (ns) go to the current phase's
 * queue ({@link #phase}); a lift whose frame has not come is counted as lost by {@link #lost}.
 * Runs on {@code load}'s event loop; {@link #phase}, {@link #lost} and {@link #close} from any thread.
 */
final class LiftProbe implements AutoCloseable {
    private final Vertx load;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> tapped = new ConcurrentHashMap<>();
    private final long slowNs;
    private volatile Queue<Long> current;
    private final long timer;
    /**
     * Held for as long as the probe lives: Vert.x closes a client that is no longer reachable
     * (a cleaner), and with it every kiosk socket, code 1000, at whatever GC finds it.
     */
    private final WebSocketClient wsc;
    /** Kiosk sockets that closed (the hub closes one that stops reading). */
    final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();
    /** The close status and reason of the first socket that closed, or null. */
    volatile String firstClose;

    LiftProbe(Vertx load, Hub hub, BenchLedger store, ShelfFleet fleet, int kiosks, int ratePerS) throws Exception {
        this(load, hub, store, fleet, kiosks, ratePerS, 0);
    }

    /**
     * With {@code slowMs} > 0: a lift whose frame takes longer is printed with when a subscriber of
     * its own to the shelves' event topics (QoS 0, the embedded broker's hub user) saw it, which
     * tells a delay before the hub (shelf client, broker) from one inside it.
     */
    LiftProbe(Vertx load, Hub hub, BenchLedger store, ShelfFleet fleet, int kiosks, int ratePerS, long slowMs)
            throws Exception {
        this.load = load;
        this.slowNs = slowMs * 1_000_000;
        if (slowMs > 0) {
            io.vertx.mqtt.MqttClient tap = io.vertx.mqtt.MqttClient.create(load, new io.vertx.mqtt.MqttClientOptions()
                    .setClientId("bench-tap").setUsername(org.ssk.hub.broker.ShelfAccess.HUB_USER)
                    .setPassword(hub.internalBrokerPassword()).setMaxMessageSize(1 << 20));
            tap.publishHandler(m -> {
                long now = System.nanoTime();
                try {
                    String id = org.ssk.protocol.Codec.decodeEvent(m.payload().getBytes()).id();
                    if (sent.containsKey(id)) {
                        tapped.put(id, now);
                    }
                } catch (Exception notOneEvent) {
                    // a batch or another payload: not one of the probe's lifts
                }
            });
            ShelfFleet.await(tap.connect(hub.mqttPort(), "127.0.0.1"));
            ShelfFleet.await(tap.subscribe(org.ssk.protocol.Topics.ALL_EVENTS, 0));
        }
        int k = Math.min(kiosks, fleet.size());
        // Vert.x allows 50 WebSockets per host by default and queues the rest.
        wsc = load.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions().setMaxConnections(k + 1));
        for (int i = 0; i < k; i++) {
            String token = store.storage().accounts().issueKioskToken("bench kiosk " + i, BenchStorage.shelfId(i));
            WebSocket ws = ShelfFleet.await(wsc.connect(hub.httpPort(), "127.0.0.1",
                    "/ws/kiosk/" + BenchStorage.shelfId(i) + "?token=" + token));
            ws.closeHandler(v -> {
                if (closed.incrementAndGet() == 1) {
                    firstClose = ws.closeStatusCode() + " " + ws.closeReason();
                }
            });
            ws.textMessageHandler(text -> {
                long now = System.nanoTime();
                JsonObject frame = new JsonObject(text);
                String id = frame.getString("event_id");
                if (!"lift".equals(frame.getString("type")) || id == null) {
                    return;
                }
                Long t0 = sent.remove(id);
                Long atTap = tapped.remove(id);
                if (t0 != null && slowNs > 0 && now - t0 > slowNs) {
                    System.out.printf(java.util.Locale.ROOT, "  slow lift %s: frame after %.0f ms, at a broker"
                            + " subscriber after %s%n", id, (now - t0) / 1e6,
                            atTap == null ? "(not seen)" : String.format(java.util.Locale.ROOT, "%.0f ms", (atTap - t0) / 1e6));
                }
                Queue<Long> q = current;
                if (t0 != null && q != null) {
                    q.add(now - t0);
                }
            });
        }
        Random r = new Random(1);
        int[] next = {0};
        timer = load.setPeriodic(Math.max(1, 1000 / ratePerS),
                t -> fleet.lift(next[0]++ % k, r.nextInt(BenchStorage.LANES), sent::put));
    }

    /** From now on, lifts are timed into a new queue, which this returns; lifts still in flight are forgotten. */
    Queue<Long> phase() {
        sent.clear();
        tapped.clear();
        Queue<Long> q = new ConcurrentLinkedQueue<>();
        current = q;
        return q;
    }

    /** Lifts published since the last {@link #phase} whose frame has not come. */
    int lost() {
        return sent.size();
    }

    /** Stops publishing lifts (frames still on their way are timed). */
    @Override
    public void close() {
        load.cancelTimer(timer);
    }
}
