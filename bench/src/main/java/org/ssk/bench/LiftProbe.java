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
        this.load = load;
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
