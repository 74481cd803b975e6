package org.ssk.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.ssk.protocol.Codec;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.ShelfState;
import org.ssk.protocol.Telemetry;
import org.ssk.protocol.Topics;

/**
 * Lightweight stand-ins for shelf agents: one vertx-mqtt connection per shelf (client id = shelf
 * id), sending what an agent sends — a retained {@code online} state on connect, telemetry with
 * {@link BenchStorage#LANES} lanes every {@code telemetryMs} at QoS 0, and visitor interactions
 * (a lift, then 1.5 s later a pick or, one time in three, a putback) at QoS 1. No detector runs.
 * All callbacks run on the given Vert.x instance's event loops; {@link #lift} may be called from
 * any thread.
 */
final class ShelfFleet implements AutoCloseable {
    private final Vertx vertx;
    private final List<Shelf> shelves = new ArrayList<>();
    final AtomicLong published = new AtomicLong();
    /** Events the MQTT client refused to send (its in-flight window full, or not connected). */
    final AtomicLong notSent = new AtomicLong();
    /** Successful reconnections after a lost connection (with {@link #reconnect} on). */
    final java.util.concurrent.atomic.AtomicInteger reconnected = new java.util.concurrent.atomic.AtomicInteger();
    /** Ids of the events {@link #prepare} made for bursts. */
    final java.util.Queue<String> burstIds = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** When set, a shelf whose connection drops reconnects at once and then every 200 ms until it is back. */
    volatile boolean reconnect;
    private volatile boolean closing;
    private String host;
    private int port;
    private int maxInflight;
    private final List<Long> timers = new ArrayList<>();
    /** The hub's internal user and password, when shelves log in as it. */
    private String[] hubLogin;
    /** Issues each shelf's own secret, when shelves log in as themselves. */
    private org.ssk.hub.auth.ShelfCredentials shelfSecrets;

    private final class Shelf {
        final int index;
        final String id;
        final String epoch;
        MqttClient client;
        /** The shelf's own broker secret, when it logs in as itself. */
        String secret;
        long seq;
        /** Runs on each PUBACK (the broker has the event); the burst uses it to keep its window full. */
        Runnable onAck = () -> { };

        Shelf(int index, String epoch, MqttClient client) {
            this.index = index;
            this.id = BenchStorage.shelfId(index);
            this.epoch = epoch;
            this.client = client;
        }

        Future<Integer> publish(ShelfEvent e) {
            published.incrementAndGet();
            return client.publish(Topics.event(id), Buffer.buffer(Codec.encode(e)), MqttQoS.AT_LEAST_ONCE, false,
                    false).onFailure(x -> notSent.incrementAndGet());
        }
    }

    ShelfFleet(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * How the simulated shelves log in to the {@code hub}'s embedded broker (which refuses
     * anonymous clients): each as itself, with the secret {@code secrets} issues for it, so the
     * broker's per-shelf password and topic checks are in the figures, as with real agents; or,
     * when the store cannot issue shelf secrets ({@code secrets} null: the in-memory ledger), as
     * the hub's internal user. Nothing with an external broker (the bench's private Mosquitto
     * allows anonymous clients).
     */
    ShelfFleet loginAs(org.ssk.hub.Hub hub, org.ssk.hub.auth.ShelfCredentials secrets) {
        String p = hub.internalBrokerPassword();
        if (p == null) {
            return this;
        }
        if (secrets == null) {
            hubLogin = new String[] {org.ssk.hub.broker.ShelfAccess.HUB_USER, p};
        } else {
            shelfSecrets = secrets;
        }
        return this;
    }

    /** Connects {@code n} shelves to the broker, one handshake at a time. */
    void connect(String host, int port, int n, int maxInflight) throws Exception {
        this.host = host;
        this.port = port;
        this.maxInflight = maxInflight;
        String epoch = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < n; i++) {
            Shelf s = new Shelf(i, epoch, null);
            if (shelfSecrets != null) {
                s.secret = shelfSecrets.issue(s.id);
            }
            shelves.add(s);
            await(open(s));
        }
    }

    private Future<Integer> open(Shelf s) {
        String id = s.id;
        MqttClientOptions o = new MqttClientOptions().setClientId(Topics.agentClientId(id)).setCleanSession(true)
                .setUsername(hubLogin != null ? hubLogin[0] : s.secret != null ? id : null)
                .setPassword(hubLogin != null ? hubLogin[1] : s.secret)
                .setKeepAliveInterval(30).setMaxInflightQueue(maxInflight)
                .setWillFlag(true).setWillTopic(Topics.state(id)).setWillRetain(true).setWillQoS(1)
                .setWillMessageBytes(Buffer.buffer(Codec.encode(new ShelfState(id, ShelfState.Status.OFFLINE,
                        System.currentTimeMillis(), "bench"))));
        MqttClient c = MqttClient.create(vertx, o);
        s.client = c;
        c.publishCompletionHandler(packetId -> s.onAck.run());
        c.closeHandler(v -> {
            if (reconnect && !closing) {
                retry(s);
            }
        });
        return c.connect(port, host).compose(ack -> c.publish(Topics.state(id), Buffer.buffer(Codec.encode(
                new ShelfState(id, ShelfState.Status.ONLINE, System.currentTimeMillis(), "bench"))),
                MqttQoS.AT_LEAST_ONCE, false, true));
    }

    private void retry(Shelf s) {
        open(s).onSuccess(id -> reconnected.incrementAndGet())
                .onFailure(e -> vertx.setTimer(200, t -> {
                    if (!closing && !s.client.isConnected()) {
                        retry(s);
                    }
                }));
    }

    /**
     * Starts telemetry every {@code telemetryMs} and one interaction per shelf every
     * {@code interactionMs} on average (random phase, exponential gaps).
     */
    void startTraffic(long telemetryMs, long interactionMs) {
        Random r = new Random(7);
        for (Shelf s : shelves) {
            long phase = 1 + r.nextInt((int) telemetryMs);
            vertx.setTimer(phase, t -> timers.add(vertx.setPeriodic(telemetryMs, p -> telemetry(s))));
            if (interactionMs > 0) {
                scheduleInteraction(s, interactionMs, new Random(s.index));
            }
        }
    }

    private void scheduleInteraction(Shelf s, long meanMs, Random r) {
        long gap = 1 + (long) (-Math.log(1 - r.nextDouble()) * meanMs);
        vertx.setTimer(gap, t -> {
            if (!s.client.isConnected()) {
                return;
            }
            int lane = r.nextInt(BenchStorage.LANES);
            lift(s, lane);
            boolean putBack = r.nextInt(3) == 0;
            vertx.setTimer(1_500, t2 -> {
                if (!s.client.isConnected()) {
                    return;
                }
                String sku = BenchStorage.skuAt(s.index, lane);
                s.publish(putBack
                        ? new Putback(s.id, s.epoch, ++s.seq, System.currentTimeMillis(), laneId(lane), sku, 1, 500)
                        : new Pick(s.id, s.epoch, ++s.seq, System.currentTimeMillis(), laneId(lane), sku, 1, 500));
                scheduleInteraction(s, meanMs, r);
            });
        });
    }

    private void telemetry(Shelf s) {
        if (!s.client.isConnected()) {
            return;
        }
        List<Telemetry.LaneReading> lanes = new ArrayList<>(BenchStorage.LANES);
        for (int l = 0; l < BenchStorage.LANES; l++) {
            lanes.add(new Telemetry.LaneReading(laneId(l), 5020.1 - l, 10, Telemetry.Health.OK));
        }
        Telemetry t = new Telemetry(s.id, System.currentTimeMillis(), lanes, false, 830.0, 0, 3600);
        published.incrementAndGet();
        s.client.publish(Topics.telemetry(s.id), Buffer.buffer(Codec.encode(t)), MqttQoS.AT_MOST_ONCE, false, false);
    }

    private static String laneId(int lane) {
        return Integer.toString(lane + 1);
    }

    /**
     * Publishes a lift on shelf {@code index} from its own connection; {@code sent} gets the event
     * id and the publish time ({@link System#nanoTime}) just before the bytes are handed over.
     */
    void lift(int index, int lane, BiConsumer<String, Long> sent) {
        Shelf s = shelves.get(index);
        vertx.runOnContext(v -> {
            if (!s.client.isConnected()) {
                return;
            }
            Lift l = new Lift(s.id, s.epoch, ++s.seq, System.currentTimeMillis(), laneId(lane),
                    BenchStorage.skuAt(s.index, lane), 500);
            sent.accept(l.id(), System.nanoTime());
            s.publish(l);
        });
    }

    private void lift(Shelf s, int lane) {
        s.publish(new Lift(s.id, s.epoch, ++s.seq, System.currentTimeMillis(), laneId(lane),
                BenchStorage.skuAt(s.index, lane), 500));
    }

    /** {@link #prepare} then {@link #start}. */
    Future<Void> burst(int perShelf, int window, int perMessage) {
        return start(prepare(perShelf, perMessage), window);
    }

    /**
     * Encodes {@code perShelf} picks for every shelf, {@code perMessage} to an MQTT message (as an
     * agent flushing a backlog packs them, {@link Codec#joinEvents}; 1 = one event per message):
     * done before the measured run, so the simulated shelves, which share the hub's cores here,
     * cost as little as they can while it runs. Per shelf, the payloads in order.
     */
    List<List<byte[]>> prepare(int perShelf, int perMessage) {
        List<List<byte[]>> all = new ArrayList<>(shelves.size());
        for (Shelf s : shelves) {
            List<byte[]> messages = new ArrayList<>();
            List<byte[]> encoded = new ArrayList<>(perMessage);
            for (int i = 1; i <= perShelf; i++) {
                int lane = i % BenchStorage.LANES;
                Pick p = new Pick(s.id, s.epoch, ++s.seq, System.currentTimeMillis(), laneId(lane),
                        BenchStorage.skuAt(s.index, lane), 1, 500);
                burstIds.add(p.id());
                encoded.add(Codec.encode(p));
                if (encoded.size() == perMessage || i == perShelf) {
                    messages.add(encoded.size() == 1 ? encoded.get(0) : Codec.joinEvents(encoded));
                    encoded = new ArrayList<>(perMessage);
                }
            }
            all.add(messages);
        }
        return all;
    }

    /**
     * Publishes the prepared messages of every shelf, keeping {@code window} unacknowledged at a
     * time per connection (the next one goes when the broker acknowledges one); the future
     * completes when the broker has acknowledged all of them.
     */
    Future<Void> start(List<List<byte[]>> prepared, int window) {
        List<Future<Void>> all = new ArrayList<>();
        for (int k = 0; k < shelves.size(); k++) {
            Shelf s = shelves.get(k);
            List<byte[]> messages = prepared.get(k);
            io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
            all.add(done.future());
            int[] sent = {0};
            int[] acked = {0};
            vertx.runOnContext(v -> {
                s.onAck = () -> {
                    acked[0]++;
                    if (acked[0] == messages.size()) {
                        done.tryComplete();
                    } else if (sent[0] < messages.size()) {
                        send(s, messages.get(sent[0]++), done);
                    }
                };
                while (sent[0] < Math.min(window, messages.size())) {
                    send(s, messages.get(sent[0]++), done);
                }
            });
        }
        return Future.all(all).mapEmpty();
    }

    private void send(Shelf s, byte[] payload, io.vertx.core.Promise<Void> done) {
        published.incrementAndGet();
        s.client.publish(Topics.event(s.id), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                .onFailure(done::tryFail);
    }

    int size() {
        return shelves.size();
    }

    @Override
    public void close() {
        closing = true;
        timers.forEach(vertx::cancelTimer);
        for (Shelf s : shelves) {
            if (s.client.isConnected()) {
                s.client.disconnect();
            }
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
