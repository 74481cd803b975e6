package org.ssk.agent.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Codec;
import org.ssk.protocol.HubAck;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfState;
import org.ssk.protocol.Telemetry;
import org.ssk.protocol.Topics;

/**
 * The agent's one MQTT connection (Paho mqttv3): publishes the {@link Outbox}'s events at QoS 1
 * and removes them only when the hub says they are stored ({@link HubAck} on its ack topic; on the
 * broker's PUBACK only with a hub too old to send acks), publishes telemetry at QoS 0, keeps the retained
 * {@code state} topic right ({@code online} on every connect, {@code offline} as the last will and
 * on a clean stop), and hands the hub's retained config and commands to an {@link Inbound}.
 *
 * <p>Why it is built this way:
 * <ul>
 *   <li><b>Clean session true, MemoryPersistence.</b> The outbox is the durable store. After any
 *       reconnect this link re-sends every pending event itself, oldest first, so Paho's own
 *       in-flight state must not survive the connection: with a persistent session Paho would also
 *       replay its in-memory copies (double sends and PUBACKs for tokens we no longer track), and
 *       that memory dies with the process anyway. What a clean session gives up is the broker
 *       queueing hub commands while the shelf is offline; a restock start delivered hours late
 *       would be wrong anyway, and the retained config is received again on every subscribe.</li>
 *   <li><b>Own reconnect loop, not Paho's automaticReconnect.</b> Paho's does not retry a first
 *       connect that failed (a shelf booting before the hub), and after it reconnects we must
 *       re-subscribe, republish {@code online} and rewind the send cursor anyway. The wait between
 *       attempts doubles from {@code reconnectMinMs} to {@code reconnectMaxMs}, with jitter so a
 *       room of shelves does not reconnect in step after the hub restarts ({@link Backoff}).</li>
 *   <li><b>Paho's callback thread never blocks.</b> PUBACKs and inbound messages are queued or
 *       handed off; the SQLite delete happens on this link's sender thread. Paho delivers inbound
 *       messages and completions on one thread; blocking it (or calling a blocking Paho method from
 *       it) stalls or deadlocks the client. An exception thrown from {@code messageArrived} makes
 *       Paho drop the connection, so nothing escapes it ({@link HubMessages}).</li>
 *   <li><b>Several events per message when there is a backlog.</b> A lone pending event (a live
 *       lift) goes out at once as its own JSON object, as it always did. When more are pending
 *       (a backlog after an outage, a burst) consecutive ones, oldest first, are packed into one
 *       message, a JSON array of up to {@link Codec#MAX_EVENTS_PER_MESSAGE} within
 *       {@link Codec#MAX_MESSAGE_BYTES} (see {@link Packing}), and never more than the hub's
 *       retained config says it takes (1, i.e. no arrays, until that config arrives or from a hub
 *       that predates them). The broker and the hub then handle
 *       one message and one acknowledgement per up to 128 events instead of per event, which is
 *       what lets a room of shelves flush their backlogs after an outage at tens of thousands of
 *       events/s. A message is acknowledged, removed and (after a failure or reconnect) re-sent
 *       as a whole; a re-sent event is a duplicate the hub ignores (it stores each id once).</li>
 *   <li><b>End-to-end acknowledgement.</b> A broker's PUBACK says only that the broker has the
 *       message; a broker that then loses it (session taken over or cleared, restart without
 *       persistence, full queue) would lose the events. When the hub's retained config says
 *       {@code hub_acks}, an event leaves the outbox only when the hub's {@link HubAck} names it
 *       ({@link Confirmations} keeps that account), and a message the hub has not acknowledged
 *       within {@code hubAckTimeoutMs} is sent again with everything after it (the hub stores each
 *       id once). With a hub whose config lacks the flag, the PUBACK removes the events.</li>
 *   <li><b>Bounded in-flight window.</b> At most {@code window} messages await their PUBACK (or
 *       their hub ack);
 *       Paho's own limit (default 10, "Too many publishes in progress") is set above window +
 *       telemetry.</li>
 * </ul>
 * Thread-safety: one sender thread owns the Paho client; {@link #eventAppended()},
 * {@link #telemetry} and {@link #connected()} may be called from any thread.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    /**
     * Most messages packed from one outbox read: bounds a read to 16 full messages (about 450 KB
     * of events, small next to the Pi agent's heap) whatever the window.
     */
    private static final int MESSAGES_PER_READ = 16;

    /**
     * Where and how to connect. Delays in ms, timeouts and keep-alive in s. {@code caFile}: for an
     * {@code ssl://} URL, the PEM CA the broker's certificate must chain to (null: the JVM's trust store).
     */
    public record Settings(String url, String username, String password, String clientId, int window,
                           long reconnectMinMs, long reconnectMaxMs, int connectTimeoutS, int keepAliveS,
                           long hubAckTimeoutMs, String caFile) {
        /** How long a message may wait for the hub's ack before it is sent again. */
        public static final long HUB_ACK_TIMEOUT_MS = 10_000;

        public Settings {
            if (window < 1 || window > 1000) {
                throw new IllegalArgumentException("window must be 1..1000");
            }
            if (hubAckTimeoutMs < 100) {
                throw new IllegalArgumentException("hubAckTimeoutMs must be >= 100");
            }
            if (reconnectMinMs < 1 || reconnectMaxMs < reconnectMinMs) {
                throw new IllegalArgumentException("need 1 <= reconnectMinMs <= reconnectMaxMs");
            }
        }

        /** Production defaults: 16 messages in flight, reconnect after 0.5 s doubling up to 30 s. */
        public static Settings of(String url, String username, String password, String clientId) {
            return new Settings(url, username, password, clientId, 16, 500, 30_000, 10, 20, HUB_ACK_TIMEOUT_MS, null);
        }

        public Settings withReconnect(long minMs, long maxMs) {
            return new Settings(url, username, password, clientId, window, minMs, maxMs, connectTimeoutS, keepAliveS,
                    hubAckTimeoutMs, caFile);
        }

        /** These settings trusting the CA in {@code pemFile} for an {@code ssl://} broker. */
        public Settings withCaFile(String pemFile) {
            return new Settings(url, username, password, clientId, window, reconnectMinMs, reconnectMaxMs,
                    connectTimeoutS, keepAliveS, hubAckTimeoutMs, pemFile);
        }

        public Settings withHubAckTimeout(long ms) {
            return new Settings(url, username, password, clientId, window, reconnectMinMs, reconnectMaxMs,
                    connectTimeoutS, keepAliveS, ms, caFile);
        }
    }

    /** Receives what the hub sends; called on Paho's thread, so it must return at once. */
    public interface Inbound {
        void config(ShelfConfig config);

        void command(ShelfCommand command);
    }

    private final String shelf;
    private final Settings settings;
    private final Outbox outbox;
    private final Inbound inbound;
    private final String version;
    private final MqttAsyncClient client;
    private final javax.net.ssl.SSLSocketFactory trust;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    /** What is in flight and what the hub (or, without hub acks, the broker) has confirmed. */
    private final Confirmations confirmations = new Confirmations();
    /** Sender thread only: removing acknowledged events failed at the last try. */
    private boolean removeFailing;
    private final AtomicReference<Telemetry> telemetry = new AtomicReference<>();
    private final Thread sender;
    private volatile boolean closing;
    private volatile boolean rewind;
    private volatile long generation;
    private final HubTerms hub = new HubTerms();
    /** How long a new connection waits for the hub's retained config before sending. */
    static final long CONFIG_WAIT_MS = 1_000;
    private long cursor;
    private final Backoff backoff;

    public MqttLink(String shelf, Settings settings, Outbox outbox, Inbound inbound, String version)
            throws IOException {
        this.shelf = Topics.requireShelfId(shelf);
        this.settings = settings;
        this.outbox = outbox;
        this.inbound = inbound;
        this.version = version;
        this.backoff = new Backoff(settings.reconnectMinMs(), settings.reconnectMaxMs());
        try {
            this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IOException("cannot use broker " + settings.url() + ": " + e.getMessage(), e);
        }
        client.setCallback(new HubMessages(this.shelf, hub, confirmations, outbox, inbound, this::signal));
        this.trust = settings.caFile() == null ? null : BrokerTrust.socketFactory(java.nio.file.Path.of(settings.caFile()));
        this.sender = new Thread(this::run, "ssk-mqtt-" + shelf);
        sender.setDaemon(true);
    }

    /** Starts connecting and sending in the background. */
    public void start() {
        sender.start();
    }

    /** Tells the sender that the outbox has a new event. */
    public void eventAppended() {
        signal();
    }

    /** Queues telemetry for QoS 0; only the latest waits, and none while disconnected. */
    public void telemetry(Telemetry t) {
        telemetry.set(t);
        signal();
    }

    public boolean connected() {
        return client.isConnected();
    }

    /**
     * Stops sending, publishes a retained {@code offline} (a clean stop does not fire the will),
     * and disconnects. Pending events stay in the outbox for the next start.
     */
    @Override
    public void close() {
        closing = true;
        signal();
        try {
            sender.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.publish(Topics.state(shelf), state(ShelfState.Status.OFFLINE), Topics.STATE_QOS, true)
                        .waitForCompletion(2_000);
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            LOG.info("shelf {}: broker gone while stopping: {}", shelf, e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.warn("shelf {}: closing the MQTT client: {}", shelf, e.getMessage());
        }
    }

    private void run() {
        while (!closing) {
            try {
                if (!client.isConnected()) {
                    if (!connect()) {
                        // New events must not shorten the backoff: only a stop does.
                        await(backoff.failed(), false);
                        continue;
                    }
                    backoff.succeeded();
                }
                removeAckedOrWait();
                sendTelemetry();
                sendPending();
                await(1_000, true);
            } catch (IOException e) {
                // The outbox cannot be read: nothing is lost (events stay stored); retry shortly.
                LOG.error("shelf {}: outbox unavailable, retrying: {}", shelf, e.getMessage());
                await(1_000, false);
            } catch (RuntimeException e) {
                LOG.error("shelf {}: unexpected error in the MQTT sender, continuing", shelf, e);
                await(1_000, false);
            }
        }
        removeAckedQuietly();
    }

    private boolean connect() {
        MqttConnectOptions o = new MqttConnectOptions();
        // 3.1.1 only: left at its default, Paho answers a refused CONNECT by trying again as
        // MQTT 3.1, so a shelf whose login is refused knocks twice and reports the second answer.
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(settings.connectTimeoutS());
        o.setKeepAliveInterval(settings.keepAliveS());
        o.setMaxInflight(settings.window() + 16);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().toCharArray());
        }
        o.setWill(Topics.state(shelf), state(ShelfState.Status.OFFLINE), Topics.STATE_QOS, true);
        if (trust != null) {
            o.setSocketFactory(trust);
        }
        try {
            client.connect(o).waitForCompletion();
            generation++;
            confirmations.clear();
            cursor = 0;
            rewind = false;
            hub.connecting();
            client.subscribe(new String[] {Topics.config(shelf), Topics.cmd(shelf), Topics.ack(shelf)},
                    new int[] {Topics.CONFIG_QOS, Topics.CMD_QOS, Topics.ACK_QOS}).waitForCompletion(10_000);
            client.publish(Topics.state(shelf), state(ShelfState.Status.ONLINE), Topics.STATE_QOS, true);
            // The broker sends the hub's retained config right after the SUBACK; waiting for it
            // (briefly: a hub may not have published one) lets a backlog go out packed as the hub
            // allows from its first message, instead of one event per message until it lands.
            if (!awaitConfig()) {
                LOG.info("shelf {}: no config from the hub yet; sending one event per message until it comes", shelf);
            }
            LOG.info("shelf {}: connected to {}, {} events pending", shelf, settings.url(), outbox.pendingCount());
            return true;
        } catch (MqttException e) {
            LOG.info("shelf {}: cannot reach {} ({}), retrying in {} ms", shelf, settings.url(), e.getMessage(),
                    backoff.currentMs());
            disconnectQuietly();
            return false;
        }
    }

    private boolean awaitConfig() {
        try {
            return hub.awaitConfig(CONFIG_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
            return false;
        }
    }

    private void sendPending() throws IOException {
        confirmations.overdue(System.nanoTime(), settings.hubAckTimeoutMs()).ifPresent(s -> {
            LOG.info("shelf {}: the hub has not acknowledged {} event(s) from seq {} within {} ms; sending again",
                    shelf, s.seqs().size(), s.seqs().getFirst(), settings.hubAckTimeoutMs());
            rewind = true;
        });
        if (rewind) {
            // A publish failed inside a live connection: send everything unacknowledged again.
            rewind = false;
            confirmations.clear();
            cursor = 0;
        }
        while (!closing && client.isConnected() && confirmations.inflight() < settings.window()) {
            int free = Math.min(settings.window() - confirmations.inflight(), MESSAGES_PER_READ);
            // Enough entries for that many full messages, so only the outbox's end cuts one short.
            // When events are too large for a full message's worth to fit, the unused tail is read again next time:
            // an indexed read, cheap next to the fsync of each removal.
            int perMessage = hub.eventsPerMessage();
            List<Outbox.Entry> entries = outbox.pending(cursor, free * perMessage);
            if (entries.isEmpty()) {
                return;
            }
            for (List<Outbox.Entry> message : Packing.messages(entries, free, perMessage)) {
                if (!publish(message)) {
                    return;
                }
            }
        }
    }

    /** Publishes one message of consecutive entries; false (cursor unmoved) when Paho refuses it. */
    private boolean publish(List<Outbox.Entry> message) {
        MqttMessage m = new MqttMessage(Packing.payload(message));
        m.setQos(Topics.EVENT_QOS);
        List<Long> seqs = message.stream().map(Outbox.Entry::seq).toList();
        Confirmations.Sent sent = Confirmations.message(generation, seqs, hub.acks(), System.nanoTime());
        try {
            client.publish(Topics.event(shelf), m, sent, acks);
        } catch (MqttException ex) {
            LOG.info("shelf {}: publish of {} event(s) from {} failed, will resend: {}", shelf, message.size(),
                    message.getFirst().id(), ex.getMessage());
            return false;
        }
        confirmations.add(sent);
        cursor = message.getLast().seq();
        return true;
    }

    private void removeAcked() throws IOException {
        confirmations.removeConfirmed(outbox);
    }

    /** Removes acknowledged events; while the outbox cannot delete, says so once and goes on sending. */
    private void removeAckedOrWait() {
        try {
            removeAcked();
            if (removeFailing) {
                removeFailing = false;
                LOG.info("shelf {}: acknowledged events are removed from the outbox again", shelf);
            }
        } catch (IOException e) {
            if (!removeFailing) {
                removeFailing = true;
                LOG.error("shelf {}: cannot remove acknowledged events from the outbox, will retry: {}", shelf,
                        e.getMessage());
            }
        }
    }

    private void removeAckedQuietly() {
        try {
            removeAcked();
        } catch (IOException e) {
            // Those events stay in the outbox and are sent again next time: a duplicate, not a loss.
            LOG.warn("shelf {}: could not record the last PUBACKs: {}", shelf, e.getMessage());
        }
    }

    private void sendTelemetry() {
        Telemetry t = telemetry.getAndSet(null);
        if (t != null && client.isConnected()) {
            try {
                client.publish(Topics.telemetry(shelf), Codec.encode(t), Topics.TELEMETRY_QOS, false);
            } catch (MqttException e) {
                LOG.debug("shelf {}: telemetry dropped: {}", shelf, e.getMessage());
            }
        }
    }

    private byte[] state(ShelfState.Status status) {
        return Codec.encode(new ShelfState(shelf, status, System.currentTimeMillis(), version));
    }

    private void disconnectQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 500);
            }
        } catch (MqttException e) {
            LOG.debug("shelf {}: forced disconnect: {}", shelf, e.getMessage());
        }
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code ms}, or less when closing or, if {@code wakeOnSignal}, when signalled. */
    private void await(long ms, boolean wakeOnSignal) {
        lock.lock();
        try {
            long nanos = ms * 1_000_000;
            while (!(wakeOnSignal && signalled) && !closing && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            if (wakeOnSignal) {
                signalled = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        } finally {
            lock.unlock();
        }
    }

    private final IMqttActionListener acks = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            // The QoS 1 publish token completes on the broker's PUBACK; with hub acks that is not enough.
            if (token.getUserContext() instanceof Confirmations.Sent s && confirmations.brokerAcked(s)) {
                signal();
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            if (token.getUserContext() instanceof Confirmations.Sent s && s.generation() == generation) {
                rewind = true;
                signal();
            }
        }
    };
}
