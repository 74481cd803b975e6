package org.ssk.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.detect.Detection;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.Detectors;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.mqtt.MqttLink;
import org.ssk.agent.outbox.DetectorMemory;
import org.ssk.agent.outbox.HeldEvents;
import org.ssk.agent.outbox.LastConfig;
import org.ssk.agent.outbox.Outbox;
import org.ssk.agent.source.SensorSource;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.agent.time.ShelfClock;
import org.ssk.protocol.ShelfCommand;
import org.ssk.protocol.ShelfConfig;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Telemetry;

/**
 * One running shelf agent: a run-loop thread pulls samples from a {@link SensorSource}, feeds the
 * {@link Detector}, stamps each detection into an event, stores it in the {@link Outbox} (or holds
 * it in memory while the outbox cannot write: {@link HeldEvents}) and wakes the {@link MqttLink},
 * which publishes it and removes it on PUBACK. Sample time is monotonic, event times are wall
 * time ({@link ShelfClock}). Config and commands from the
 * hub arrive on Paho's thread and are queued; the run loop applies them between two samples, so
 * the detector and the stamper have one owner and need no locks.
 *
 * <p>Start one with {@link #start}; the hub's demo starts several in one JVM, each with its own
 * shelf id and data dir. {@link #close()} stops it; pending events stay in the outbox for the next
 * start. Query methods are thread-safe.
 */
public final class ShelfAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShelfAgent.class);

    /** Unit weight assumed for a lane that neither the config file nor the hub has described yet. */
    public static final double PLACEHOLDER_UNIT_GRAMS = 100;

    /**
     * Tuning that is not part of the shelf's config file. {@code onStored} is called on the run loop
     * after each event is safely in the outbox (keep it quick). {@code clock} stamps events' wall
     * times and measures uptime; give the live source the same one. {@code heldCapacity} bounds
     * the events kept in memory while the outbox cannot write ({@link HeldEvents}).
     */
    public record Options(int outboxCapacity, int window, long reconnectMinMs, long reconnectMaxMs,
                          Consumer<ShelfEvent> onStored, ShelfClock clock, int heldCapacity) {
        public static Options defaults() {
            return new Options(Outbox.DEFAULT_CAPACITY, 16, 500, 30_000, e -> { }, ShelfClock.system(),
                    HeldEvents.DEFAULT_CAPACITY);
        }

        public Options withReconnect(long minMs, long maxMs) {
            return new Options(outboxCapacity, window, minMs, maxMs, onStored, clock, heldCapacity);
        }

        public Options withOnStored(Consumer<ShelfEvent> c) {
            return new Options(outboxCapacity, window, reconnectMinMs, reconnectMaxMs, c, clock, heldCapacity);
        }

        public Options withOutboxCapacity(int c) {
            return new Options(c, window, reconnectMinMs, reconnectMaxMs, onStored, clock, heldCapacity);
        }

        public Options withClock(ShelfClock c) {
            return new Options(outboxCapacity, window, reconnectMinMs, reconnectMaxMs, onStored, c, heldCapacity);
        }

        public Options withHeldCapacity(int c) {
            return new Options(outboxCapacity, window, reconnectMinMs, reconnectMaxMs, onStored, clock, c);
        }
    }

    private final AgentConfig config;
    private final SensorSource source;
    private final Detector detector;
    private final Options options;
    private final Outbox outbox;
    private final DetectorMemory memory;
    private final LastConfig lastConfig;
    private final EventStamper stamper;
    private final HeldEvents held;
    private final MqttLink link;
    private final Map<String, LaneSpec> lanes = new LinkedHashMap<>();
    private final Set<String> unconfigured = new HashSet<>();
    private final Set<String> uncalibrated = new HashSet<>();
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final LinkedHashSet<String> recentCommands = new LinkedHashSet<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread loop;
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile ShelfConfig hubConfig;
    private volatile long shedLifts;
    private volatile long samplesRead;
    private volatile long detectorErrors;
    private final Heartbeat heartbeat;
    private long lastTMs;

    private ShelfAgent(AgentConfig config, SensorSource source, Detector detector, Options options)
            throws IOException {
        this.config = config;
        this.source = source;
        this.detector = detector;
        this.options = options;
        Path dataDir = Path.of(config.dataDir());
        this.lastConfig = new LastConfig(dataDir);
        for (LaneSpec s : configuredLanes(config, unconfigured)) {
            lanes.put(s.id(), s);
        }
        // A load cell still on the example's placeholder numbers reads only roughly until calibrated.
        config.lanes().stream()
                .filter(l -> l.sensor() != null && !"simulated".equals(l.sensor().type())
                        && l.calibration().calibratedAt() == null)
                .forEach(l -> uncalibrated.add(l.id()));
        this.outbox = Outbox.open(dataDir, options.outboxCapacity());
        try {
            this.memory = DetectorMemory.open(dataDir);
        } catch (IOException e) {
            outbox.close();
            throw e;
        }
        memory.resume(detector, config.shelf());
        this.heartbeat = new Heartbeat(config.telemetryIntervalMs(), memory.changesSoFar(config.shelf()));
        this.stamper = new EventStamper(config.shelf(), outbox.epoch(), outbox.lastSeq(), options.clock()::wallMs);
        lanes.values().forEach(l -> stamper.assign(l.id(), l.sku()));
        try {
            lastConfig.loadFor(config.shelf()).ifPresent(this::apply);
            AgentConfig.Broker b = config.broker();
            MqttLink.Settings settings = new MqttLink.Settings(b.url(), b.username(), b.password(),
                    org.ssk.protocol.Topics.agentClientId(config.shelf()), options.window(), options.reconnectMinMs(),
                    options.reconnectMaxMs(), 10, 20, MqttLink.Settings.HUB_ACK_TIMEOUT_MS, b.caFile());
            this.link = new MqttLink(config.shelf(), settings, outbox, new MqttLink.Inbound() {
                @Override
                public void config(ShelfConfig c) {
                    inbox.add(c);
                }

                @Override
                public void command(ShelfCommand c) {
                    inbox.add(c);
                }
            }, version());
            this.held = new HeldEvents(config.shelf(), outbox, options.heldCapacity(), e -> {
                link.eventAppended();
                options.onStored().accept(e);
            });
        } catch (IOException | RuntimeException e) {
            memory.close();
            outbox.close();
            throw e;
        }
        this.loop = new Thread(this::run, "ssk-agent-" + config.shelf());
    }

    /** Starts an agent with default {@link Options}. */
    public static ShelfAgent start(AgentConfig config, SensorSource source, Detector detector) throws IOException {
        return start(config, source, detector, Options.defaults());
    }

    /**
     * Opens the outbox in {@code config.dataDir()}, applies the last config the hub sent (kept
     * there), starts connecting to the broker and starts the run loop.
     *
     * @throws IOException when the outbox cannot be opened or the broker URL is unusable
     */
    public static ShelfAgent start(AgentConfig config, SensorSource source, Detector detector, Options options)
            throws IOException {
        ShelfAgent a = new ShelfAgent(config, source, detector, options);
        a.link.start();
        a.loop.start();
        return a;
    }

    /**
     * The lanes as the agent will detect them: the config file's lanes, with SKU and unit weight
     * from the last hub config kept in the data dir when there is one.
     */
    public static List<LaneSpec> laneSpecs(AgentConfig config) throws IOException {
        Map<String, LaneSpec> m = new LinkedHashMap<>();
        configuredLanes(config, new HashSet<>()).forEach(s -> m.put(s.id(), s));
        Optional<ShelfConfig> hub = new LastConfig(Path.of(config.dataDir())).load();
        hub.ifPresent(c -> c.lanes().forEach(l -> m.computeIfPresent(l.lane(), (id, s) ->
                new LaneSpec(id, l.sku(), l.unitGrams(), s.capacityGrams(), s.initialQty()))));
        return List.copyOf(m.values());
    }

    /** The production detector for this config's lanes and sample rate. */
    public static Detector standardDetector(AgentConfig config) throws IOException {
        return Detectors.standard(laneSpecs(config), config.sps());
    }

    /** A simulated shelf holding the config's lanes (its physical items come from the config file). */
    public static SimulatedShelf simulatedShelf(AgentConfig config, SimulatedShelf.Options options) {
        return new SimulatedShelf(configuredLanes(config, new HashSet<>()), config.sps(), options);
    }

    public String shelf() {
        return config.shelf();
    }

    public String epoch() {
        return outbox.epoch();
    }

    /** The last sequence number given to an event (survives restarts). */
    public long lastSeq() {
        return outbox.lastSeq();
    }

    /** Events stored and not yet acknowledged by the broker. */
    public int outboxPending() {
        return outbox.pendingCount();
    }

    /** Events detected but held in memory because the outbox cannot write ({@link HeldEvents}). */
    public int heldEvents() {
        return held.size();
    }

    /** Problems of the shelf as a whole, as telemetry reports them (outbox cannot write, clock jumped). */
    public List<String> faults() {
        return java.util.stream.Stream.of(held.fault(), options.clock().fault()).flatMap(Optional::stream).toList();
    }

    /** The outbox itself: for status pages and the fault tests' {@link Outbox#pragmaOnWriter}. */
    public Outbox outbox() {
        return outbox;
    }

    public boolean connected() {
        return link.connected();
    }

    /** The hub's config in force (from the broker or the data dir), if any. */
    public Optional<ShelfConfig> hubConfig() {
        return Optional.ofNullable(hubConfig);
    }

    public boolean restockMode() {
        return heartbeat.restockMode();
    }

    /**
     * Whole-item changes counted, and how many no hand was seen for (as telemetry says): since the
     * data dir's outbox was created, across restarts (kept with the detector's memory).
     */
    public Telemetry.Changes changes() {
        return heartbeat.changes();
    }

    /** Lifts not recorded because the outbox was full (see {@link Outbox}). */
    public long shedLifts() {
        return shedLifts;
    }

    /** Samples taken from the source since start (a liveness figure for a status page). */
    public long samplesRead() {
        return samplesRead;
    }

    /** Samples the detector threw on (each is logged, rate-limited; the agent carries on). */
    public long detectorErrors() {
        return detectorErrors;
    }

    /** Why the run loop stopped early, if it did (a source or outbox failure). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits for the source to end (a trace ran out) or the agent to stop; true if it did in time. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the run loop and the source, says {@code offline}, disconnects, closes the outbox. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        source.close();
        try {
            if (!ended.await(5, TimeUnit.SECONDS)) {
                LOG.warn("shelf {}: run loop did not stop within 5 s", shelf());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ended.getCount() == 0) {
            held.retry(Long.MAX_VALUE);
        }
        if (held.size() > 0) {
            LOG.error("shelf {}: stopping with {} detected events the outbox could not store; they are lost",
                    shelf(), held.size());
        }
        link.close();
        memory.close();
        try {
            outbox.close();
        } catch (IOException e) {
            LOG.warn("shelf {}: {}", shelf(), e.getMessage());
        }
    }

    private void run() {
        try {
            while (!closing) {
                drainInbox();
                Optional<Sample> s = source.next();
                if (s.isEmpty()) {
                    break;
                }
                feed(s.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure = e;
            LOG.error("shelf {}: run loop stopped: {}", shelf(), e.getMessage(), e);
        } finally {
            ended.countDown();
        }
    }

    private void feed(Sample sample) {
        samplesRead++;
        lastTMs = Math.max(lastTMs, sample.tMs());
        held.retry(lastTMs);
        heartbeat.sample(sample);
        List<Detection> found;
        try {
            found = detector.accept(sample);
        } catch (RuntimeException e) {
            // One sample the detector chokes on must not stop the shelf; the log says how often.
            if (detectorErrors++ % 1000 == 0) {
                LOG.error("shelf {}: detector failed on {} ({} failures so far)", shelf(), sample, detectorErrors, e);
            }
            return;
        }
        boolean remember = false;
        for (Detection d : found) {
            // A lift is provisional and worth something only now: none while the outbox is full or cannot write.
            if (d.type() == Detection.Type.LIFT && (!outbox.acceptsLifts() || held.holding())) {
                if (shedLifts++ == 0) {
                    LOG.warn("shelf {}: outbox full or not writable ({} events), not recording lifts", shelf(),
                            outbox.pendingCount() + held.size());
                }
                continue;
            }
            ShelfEvent e;
            try {
                e = stamper.stamp(d);
            } catch (IllegalArgumentException ex) {
                LOG.error("shelf {}: dropping a detection the protocol rejects: {} ({})", shelf(), d, ex.getMessage());
                continue;
            }
            held.offer(e, lastTMs);
            heartbeat.detected(d);
            remember |= d.type() != Detection.Type.LIFT;
        }
        if (remember) {
            memory.keep(detector.state(), heartbeat.changes(), shelf());
        }
        if (heartbeat.due(lastTMs)) {
            // Uptime and the heartbeat's time from the shelf clock: a wall clock set back must not make them negative.
            link.telemetry(heartbeat.build(shelf(), options.clock().wallMs(lastTMs), detector, lanes.keySet(),
                    id -> unconfigured.contains(id) || uncalibrated.contains(id), outbox.pendingCount() + held.size(),
                    options.clock().uptimeMs() / 1000, faults()));
        }
    }

    private void drainInbox() {
        for (Object m; (m = inbox.poll()) != null; ) {
            switch (m) {
                case ShelfConfig c -> {
                    apply(c);
                    save(c);
                }
                case ShelfCommand c -> execute(c);
                default -> throw new IllegalStateException("unexpected inbox item " + m.getClass());
            }
        }
    }

    private void apply(ShelfConfig c) {
        ShelfConfig current = hubConfig;
        if (current != null && c.version() < current.version()) {
            LOG.info("shelf {}: ignoring config version {}, version {} is in force", shelf(), c.version(),
                    current.version());
            return;
        }
        Map<String, Integer> counts = detector.counts();
        List<LaneSpec> changed = new ArrayList<>();
        for (ShelfConfig.LaneConfig lc : c.lanes()) {
            LaneSpec old = lanes.get(lc.lane());
            if (old == null) {
                LOG.warn("shelf {}: hub config names lane {}, which has no sensor here", shelf(), lc.lane());
                continue;
            }
            try {
                LaneSpec s = new LaneSpec(old.id(), lc.sku(), lc.unitGrams(), old.capacityGrams(),
                        counts.getOrDefault(old.id(), old.initialQty()));
                changed.add(s);
                lanes.put(s.id(), s);
                unconfigured.remove(s.id());
                stamper.assign(s.id(), s.sku());
            } catch (IllegalArgumentException e) {
                LOG.warn("shelf {}: hub config for lane {} not applied: {}", shelf(), lc.lane(), e.getMessage());
            }
        }
        detector.reconfigure(changed);
        hubConfig = c;
        LOG.info("shelf {}: config version {} applied to {} lanes", shelf(), c.version(), changed.size());
    }

    private void save(ShelfConfig c) {
        if (hubConfig != c) {
            return;
        }
        try {
            lastConfig.save(c);
        } catch (IOException e) {
            LOG.warn("shelf {}: config applied but not kept for the next start: {}", shelf(), e.getMessage());
        }
    }

    private void execute(ShelfCommand c) {
        if (!recentCommands.add(c.id())) {
            return;
        }
        if (recentCommands.size() > 64) {
            recentCommands.removeFirst();
        }
        switch (c.action()) {
            case RESTOCK_START -> feed(new Sample.Mode(lastTMs, true));
            case RESTOCK_END -> feed(new Sample.Mode(lastTMs, false));
            case TARE -> {
                if (!source.tare(c.lane())) {
                    LOG.warn("shelf {}: this sensor source cannot tare (command {})", shelf(), c.id());
                }
            }
        }
        LOG.info("shelf {}: command {} {} done", shelf(), c.id(), c.action());
    }

    private static List<LaneSpec> configuredLanes(AgentConfig config, Set<String> unconfigured) {
        List<LaneSpec> out = new ArrayList<>();
        for (AgentConfig.Lane l : config.lanes()) {
            double unit = l.unitGrams() == null ? PLACEHOLDER_UNIT_GRAMS : l.unitGrams();
            if (l.unitGrams() == null) {
                unconfigured.add(l.id());
            }
            try {
                out.add(new LaneSpec(l.id(), l.sku(), unit, l.calibration().capacityGrams(),
                        l.initialQty() == null ? 0 : l.initialQty()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config lane " + l.id() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static String version() {
        String v = ShelfAgent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
