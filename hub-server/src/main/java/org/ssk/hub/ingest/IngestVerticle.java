package org.ssk.hub.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.hub.kiosk.KioskCatalog;
import org.ssk.protocol.Codec;
import org.ssk.protocol.PayloadException;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.ShelfState;
import org.ssk.protocol.Telemetry;
import org.ssk.protocol.Topics;

/**
 * The MQTT edge of the hub: one vertx-mqtt client subscribed to every shelf's events, state and
 * telemetry on the configured broker (embedded Moquette or any MQTT 3.1.1 broker).
 *
 * <p>Why vertx-mqtt and not Paho: its callbacks run on this verticle's event loop, so the ingest
 * state (restock flags, connection) has one owner and needs no locks, and it can turn off
 * automatic acknowledgement. The hub acknowledges a QoS 1 event only after the ledger has stored
 * it durably (or it was a duplicate, or it can never be stored because it is malformed): if the
 * hub dies between receipt and storage, the broker redelivers the event to the persistent session
 * ({@code cleanSession=false}) when the hub comes back, and the ledger's idempotent append makes
 * the redelivery harmless.
 *
 * <p>Each accepted message becomes a {@link ShelfNotice} published on the local event bus; events
 * only once, after storage, except lifts: shown on receipt (see {@link ShelfNotice.Stored}).
 * Rejected payloads are logged with their reason and counted in
 * {@code ssk_ingest_rejected_total{reason}}; nothing a shelf sends can stop ingest. On a lost
 * connection the verticle reconnects with a doubling back-off. On every (re)connection it
 * publishes the retained {@link ShelfConfig} of each shelf from {@code configs}, so agents learn
 * their lanes' SKUs and unit weights.
 */
public final class IngestVerticle extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(IngestVerticle.class);

    /**
     * Where and how to connect. Times in ms. {@code tlsTrust} non-null: MQTT over TLS, trusting
     * exactly that PEM certificate (the embedded broker's own, reached on loopback, so the host
     * name is not checked); null: plain MQTT.
     */
    public record Settings(String host, int port, String clientId, String username, String password,
                           long reconnectMinMs, long reconnectMaxMs, String tlsTrust) {
        public static Settings of(String host, int port) {
            return new Settings(host, port, "ssk-hub", null, null, 250, 10_000, null);
        }
    }

    /** Local event-bus address of {@link Send} requests: a command for one shelf's agent. */
    public static final String COMMAND_ADDRESS = "ssk.shelf.command";

    /** Request body on {@link #COMMAND_ADDRESS}; the reply is empty once the broker has the command. */
    public record Send(String shelf, ShelfCommand command) {
    }

    /** Local event-bus address of {@link Publish} requests: a hub message (alerts) for the broker. */
    public static final String PUBLISH_ADDRESS = "ssk.hub.publish";

    /** Request body on {@link #PUBLISH_ADDRESS}: QoS 1, not retained; the reply is empty once sent. */
    public record Publish(String topic, byte[] payload) {
    }

    /** QoS 1 publishes awaiting PUBACK: the MQTT packet-id space, so one per shelf always fits. */
    static final int MAX_INFLIGHT = 65_535;

    private final Settings settings;
    private final MeterRegistry meters;
    private final AgentChangeMeters agentChanges;
    private final LinkState link;
    private final Supplier<List<ShelfConfig>> configs;
    private final java.util.function.Predicate<String> knownShelf;
    private final java.util.function.Predicate<ShelfEvent> plausibleNow;
    private final Map<String, Boolean> restockMode = new HashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private Counter stored;
    private Counter duplicates;
    private Counter quarantined;
    private Counter ledgerFailures;
    private MqttClient client;
    private io.vertx.core.eventbus.MessageConsumer<Send> commands;
    private io.vertx.core.eventbus.MessageConsumer<Object> reloads;
    private io.vertx.core.eventbus.MessageConsumer<Publish> publishes;
    private long backoffMs;
    private boolean stopping;

    /**
     * @param configs blocking supplier of the planogram as retained shelf configs; called on a
     *                worker thread at every connection
     * @param knownShelf whether a shelf id is in the planogram (non-blocking); messages from
     *                   other shelves are refused and counted as {@code unknown_shelf}
     * @param plausibleNow whether an event passes {@link Plausibility} against the planogram the
     *                     kiosks show (non-blocking): a lift is shown on receipt only then, since
     *                     the ledger's own verdict comes after its fsync; one it would quarantine
     *                     reaches no kiosk
     */
    public IngestVerticle(Settings settings, MeterRegistry meters, LinkState link,
                          Supplier<List<ShelfConfig>> configs, java.util.function.Predicate<String> knownShelf,
                          java.util.function.Predicate<ShelfEvent> plausibleNow) {
        this.settings = settings;
        this.meters = meters;
        this.agentChanges = new AgentChangeMeters(meters);
        this.link = link;
        this.configs = configs;
        this.knownShelf = knownShelf;
        this.plausibleNow = plausibleNow;
    }

    @Override
    public Future<?> start() {
        stored = Counter.builder("ssk_ingest_events_stored").description("shelf events newly stored in the ledger")
                .register(meters);
        quarantined = Counter.builder("ssk_ingest_events_quarantined")
                .description("shelf events newly kept in quarantine (implausible; no kiosk shows them)")
                .register(meters);
        duplicates = Counter.builder("ssk_ingest_events_duplicate")
                .description("shelf events received again (already in the ledger)").register(meters);
        ledgerFailures = Counter.builder("ssk_ingest_ledger_failures")
                .description("events the ledger could not store (left unacknowledged for redelivery)")
                .register(meters);
        for (String r : List.of("too_large", "malformed_json", "unknown_type", "missing_field", "invalid_field",
                "unknown_topic", "shelf_mismatch", "unknown_shelf")) {
            rejected(r);
        }
        commands = vertx.eventBus().<Send>consumer(COMMAND_ADDRESS, msg -> {
            MqttClient c = client;
            if (c == null || !c.isConnected()) {
                msg.fail(503, "the hub is not connected to the MQTT broker");
                return;
            }
            Send s = msg.body();
            c.publish(Topics.cmd(s.shelf()), Buffer.buffer(Codec.encode(s.command())), MqttQoS.AT_LEAST_ONCE, false,
                    false).onSuccess(id -> msg.reply(null)).onFailure(e -> msg.fail(503, e.getMessage()));
        });
        publishes = vertx.eventBus().<Publish>consumer(PUBLISH_ADDRESS, msg -> {
            MqttClient c = client;
            if (c == null || !c.isConnected()) {
                msg.fail(503, "the hub is not connected to the MQTT broker");
                return;
            }
            c.publish(msg.body().topic(), Buffer.buffer(msg.body().payload()), MqttQoS.AT_LEAST_ONCE, false, false)
                    .onSuccess(id -> msg.reply(null)).onFailure(e -> msg.fail(503, e.getMessage()));
        });
        reloads = vertx.eventBus().consumer(KioskCatalog.RELOADED_ADDRESS, m -> {
            MqttClient c = client;
            if (c != null && c.isConnected()) {
                publishConfigs(c);
            }
        });
        backoffMs = settings.reconnectMinMs();
        // The first attempt's outcome is only logged: a hub whose broker is down still serves
        // kiosks and /health (which reports the broker down) and keeps retrying.
        Promise<Void> first = Promise.promise();
        connect(first);
        return first.future();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        link.set(false);
        commands.unregister();
        reloads.unregister();
        publishes.unregister();
        return client != null && client.isConnected() ? client.disconnect() : Future.succeededFuture();
    }

    private void connect(Promise<Void> firstAttempt) {
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(settings.clientId())
                .setCleanSession(false)
                .setKeepAliveInterval(20)
                .setMaxMessageSize(64 * 1024)
                // Every shelf's retained config goes out at once on each connection; with the default
                // window of 10 unacknowledged QoS 1 publishes, shelves past the 10th never got theirs.
                .setMaxInflightQueue(MAX_INFLIGHT)
                .setUsername(settings.username())
                .setPassword(settings.password());
        if (settings.tlsTrust() != null) {
            o.setSsl(true).setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(settings.tlsTrust()))
                    .setHostnameVerificationAlgorithm("");
        }
        o.setAutoAck(false);
        o.setReconnectAttempts(0);
        MqttClient c = MqttClient.create(vertx, o);
        client = c;
        // A refused CONNACK can fail the attempt and close the socket: retry once per attempt.
        boolean[] retried = {false};
        Runnable retry = () -> {
            if (!retried[0]) {
                retried[0] = true;
                scheduleReconnect();
            }
        };
        c.publishHandler(this::onMessage);
        c.closeHandler(v -> {
            link.set(false);
            if (!stopping) {
                log.warn("lost the MQTT broker at {}:{}; reconnecting", settings.host(), settings.port());
                retry.run();
            }
        });
        c.connect(settings.port(), settings.host())
                .compose(ack -> c.subscribe(Map.of(Topics.ALL_EVENTS, Topics.EVENT_QOS,
                        Topics.ALL_STATE, Topics.STATE_QOS, Topics.ALL_TELEMETRY, Topics.TELEMETRY_QOS)))
                .onSuccess(id -> {
                    backoffMs = settings.reconnectMinMs();
                    link.set(true);
                    log.info("ingest subscribed to {} on {}:{}", Topics.SHELF_ROOT + "+/…", settings.host(),
                            settings.port());
                    publishConfigs(c);
                    firstAttempt.tryComplete();
                })
                .onFailure(e -> {
                    log.warn("cannot reach the MQTT broker at {}:{}: {}; retrying in {} ms", settings.host(),
                            settings.port(), e.getMessage(), backoffMs);
                    firstAttempt.tryComplete();
                    if (c.isConnected()) {
                        c.disconnect();
                    }
                    retry.run();
                });
    }

    private void scheduleReconnect() {
        if (stopping) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, settings.reconnectMaxMs());
        vertx.setTimer(delay, t -> {
            if (!stopping) {
                connect(Promise.promise());
            }
        });
    }

    /** Publishes the retained planogram of every shelf, so agents know their lanes. */
    public Future<Void> publishConfigs(MqttClient c) {
        return vertx.executeBlocking(configs::get).compose(list -> {
            List<Future<Integer>> sent = list.stream().map(cfg -> c.publish(Topics.config(cfg.shelf()),
                    Buffer.buffer(Codec.encode(cfg)), MqttQoS.AT_LEAST_ONCE, false, true)).toList();
            return Future.all(sent).<Void>mapEmpty();
        }).onFailure(e -> log.warn("could not publish shelf configs: {}", e.getMessage()));
    }

    private void onMessage(MqttPublishMessage m) {
        long received = System.nanoTime();
        var topic = Topics.parse(m.topicName());
        if (topic.isEmpty()) {
            reject("unknown_topic", m.topicName(), "not a shelf topic");
            m.ack();
            return;
        }
        String shelf = topic.get().shelf();
        if (!knownShelf.test(shelf)) {
            // Acknowledged so the broker does not redeliver it forever; never stored.
            reject("unknown_shelf", m.topicName(), "shelf " + shelf + " is not in the planogram");
            m.ack();
            return;
        }
        byte[] payload = m.payload().getBytes();
        try {
            switch (topic.get().kind()) {
                case EVENT -> {
                    onEvents(m, shelf, Codec.decodeEvents(payload, bad -> reject(m.topicName(), bad)), received);
                    return;
                }
                case STATE -> {
                    ShelfState s = Codec.decodeState(payload);
                    if (checkShelf(shelf, s.shelf(), m.topicName())) {
                        publish(new ShelfNotice.Online(shelf, s.status() == ShelfState.Status.ONLINE));
                    }
                }
                case TELEMETRY -> {
                    Telemetry t = Codec.decodeTelemetry(payload);
                    if (checkShelf(shelf, t.shelf(), m.topicName())) {
                        Boolean was = restockMode.put(shelf, t.restockMode());
                        if (was == null || was != t.restockMode()) {
                            publish(new ShelfNotice.RestockMode(shelf, t.restockMode()));
                        }
                        agentChanges.record(t);
                        publish(new ShelfNotice.Heartbeat(t));
                    }
                }
                case CONFIG, CMD -> {
                    // The hub's own messages; the subscriptions do not match them.
                }
            }
        } catch (PayloadException e) {
            reject(m.topicName(), e);
        }
        m.ack();
    }

    /**
     * One MQTT message's events (one, or an agent's backlog of up to 128): each checked, lifts shown
     * at once, all appended as one request; the message is acknowledged when every event in it is
     * durable (or a duplicate), and stays unacknowledged for redelivery if any could not be stored.
     */
    private void onEvents(MqttPublishMessage m, String shelf, List<ShelfEvent> decoded, long received) {
        List<ShelfEvent> events = new java.util.ArrayList<>(decoded.size());
        for (ShelfEvent e : decoded) {
            if (checkShelf(shelf, e.shelf(), m.topicName())) {
                events.add(e);
            }
        }
        if (events.isEmpty()) {
            m.ack();
            return;
        }
        // A lift only changes what the shelf's kiosk shows, so it is shown on receipt rather than
        // after the ledger's fsync; the broker is still acknowledged only once the lift is durable.
        // A redelivery (DUP) waits for the ledger and is shown only if it was not stored before.
        // A lift the ledger would quarantine is shown neither now nor later (not fresh as a row).
        boolean showLiftsNow = !m.isDup();
        if (showLiftsNow) {
            for (ShelfEvent e : events) {
                if (e instanceof org.ssk.protocol.Lift && plausibleNow.test(e)) {
                    publish(new ShelfNotice.Stored(e, received));
                }
            }
        }
        LedgerWriterVerticle.append(vertx.eventBus(), events, m.messageId())
                .onSuccess(reply -> {
                    LedgerWriterVerticle.Appended a = reply.body();
                    for (int i = 0; i < events.size(); i++) {
                        Boolean fresh = a.fresh().get(i);
                        ShelfEvent e = events.get(i);
                        if (Boolean.TRUE.equals(fresh) && a.quarantined(i)) {
                            // Kept for an operator (console, alert), but no kiosk shows it.
                            quarantined.increment();
                        } else if (Boolean.TRUE.equals(fresh)) {
                            stored.increment();
                            countChange(e);
                            if (!(showLiftsNow && e instanceof org.ssk.protocol.Lift && plausibleNow.test(e))) {
                                publish(new ShelfNotice.Stored(e, received));
                            }
                        } else if (Boolean.FALSE.equals(fresh)) {
                            duplicates.increment();
                            log.debug("duplicate event {} ignored", e.id());
                        } else {
                            ledgerFailures.increment();
                        }
                    }
                    HubAcks.send(client, shelf, events, a.fresh());
                    if (a.complete()) {
                        m.ack();
                    } else {
                        // Not acknowledged: the broker redelivers it on the next session.
                        log.error("message {} on {} not fully stored, left for redelivery: {}", m.messageId(),
                                m.topicName(), a.failure());
                    }
                })
                .onFailure(err -> {
                    if (err instanceof io.vertx.core.eventbus.ReplyException r
                            && r.failureCode() == LedgerWriterVerticle.SUPERSEDED) {
                        return; // an older copy of a delivery still waiting: its newest copy is answered and acknowledged
                    }
                    ledgerFailures.increment(events.size());
                    log.error("message {} on {} not stored, left for redelivery: {}", m.messageId(), m.topicName(),
                            err.getMessage());
                });
    }

    private boolean checkShelf(String topicShelf, String payloadShelf, String topic) {
        if (topicShelf.equals(payloadShelf)) {
            return true;
        }
        reject("shelf_mismatch", topic, "payload is for shelf " + payloadShelf);
        return false;
    }

    private void publish(ShelfNotice n) {
        vertx.eventBus().publish(ShelfNotice.addressOf(n), n);
    }

    private void reject(String reason, String topic, String why) {
        logRejection(reason, topic, reason + ": " + why);
    }

    private void reject(String topic, PayloadException e) {
        // The exception's message starts with its reason already.
        logRejection(e.reason().name().toLowerCase(java.util.Locale.ROOT), topic, e.getMessage());
    }

    /**
     * Counts every rejection but logs only the 1st, 10th, 100th … of each reason, so a shelf that
     * keeps sending garbage cannot flood the log; the counter has the exact figure.
     */
    private void logRejection(String reason, String topic, String message) {
        Counter c = rejected(reason);
        c.increment();
        long n = (long) c.count();
        if (isPowerOfTen(n)) {
            log.warn("rejected message on {}: {} ({} with this reason so far)", topic, message, n);
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    /**
     * Counts the shelf's counted changes (picks, put-backs, restocks, foreign items) by whether its
     * proximity sensor saw a hand: a rising unseen share means a failing or misplaced sensor.
     */
    private void countChange(ShelfEvent e) {
        Boolean unseen = switch (e) {
            case org.ssk.protocol.Pick p -> p.unseen();
            case org.ssk.protocol.Putback p -> p.unseen();
            case org.ssk.protocol.Restock r -> r.unseen();
            case org.ssk.protocol.Anomaly a -> a.kind() == org.ssk.protocol.Anomaly.Kind.FOREIGN_ITEM ? a.unseen() : null;
            case org.ssk.protocol.Lift l -> null;
        };
        if (unseen != null) {
            Counter.builder("ssk_shelf_changes")
                    .description("changes counted on a shelf, by whether its proximity sensor saw a hand")
                    .tag("shelf", e.shelf()).tag("unseen", unseen.toString()).register(meters).increment();
        }
    }

    private Counter rejected(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("ssk_ingest_rejected")
                .description("MQTT messages rejected by the hub, by reason").tag("reason", r).register(meters));
    }
}
