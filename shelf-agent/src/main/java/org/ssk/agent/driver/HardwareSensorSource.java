package org.ssk.agent.driver;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.source.SensorSource;
import org.ssk.agent.time.ShelfClock;

/**
 * The live {@link SensorSource} of a real shelf: reads every lane's {@link LoadCell} once per round
 * (paced by the ADCs' data-ready, so one round per conversion period), turns counts into grams with
 * the lane's calibration, reads the proximity sensor at most every {@link #PROXIMITY_PERIOD_MS},
 * turns staff-button presses into restock on/off {@link Sample.Mode}s, and keeps the status LED
 * showing the shelf's state. A lane that cannot be read yields a {@link Sample.ReadError} with the
 * driver's message (logged when the fault starts or changes and when the lane recovers, not every
 * round); a round where nothing could be read waits one sample period, so a shelf with its sensors
 * unplugged does not spin. A proximity sensor that fails gives no sample until it recovers.
 *
 * <p>Times are the {@link ShelfClock}'s sample time: epoch-like ms on the monotonic clock, so a
 * wall clock set back or forward by NTP neither freezes nor leaps the detector's time. Thread-safety as {@link SensorSource}
 * requires: {@link #next()} and {@link #tare(String)} on the run loop's thread, {@link #close()}
 * from any thread; a read in progress finishes (within the drivers' timeouts, under a second) and
 * the hardware is released by whichever thread is last.
 * The button toggles restock mode as this source last reported it; a restock started by the hub
 * is not seen here, so the first press after one reports restock again and the second ends it.
 */
public final class HardwareSensorSource implements SensorSource {
    static final long PROXIMITY_PERIOD_MS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(HardwareSensorSource.class);

    private final AgentConfig config;
    private final ShelfHardware hardware;
    private final ShelfClock clock;
    private final Map<String, AgentConfig.Calibration> calibrations = new HashMap<>();
    private final Queue<Sample> ready = new ArrayDeque<>();
    /** Each lane's current fault, so the log says when one starts and ends rather than every round. */
    private final Map<String, String> faults = new HashMap<>();
    private final long periodMs;
    /** Held while the run loop reads, so close() from another thread never pulls pins from under a read. */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean closed;
    private boolean released;
    private long lastTMs;
    private long nextProximityMs;
    private boolean restock;

    public HardwareSensorSource(AgentConfig config, ShelfHardware hardware, ShelfClock clock) {
        this.config = config;
        this.hardware = hardware;
        this.clock = clock;
        this.periodMs = Math.max(1, 1000 / config.sps());
        for (AgentConfig.Lane l : config.lanes()) {
            if (hardware.loadCells().containsKey(l.id())) {
                calibrations.put(l.id(), l.calibration());
            }
        }
    }

    @Override
    public Optional<Sample> next() throws InterruptedException {
        reading.lock();
        try {
            while (ready.isEmpty()) {
                if (closed) {
                    return Optional.empty();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                round();
            }
            return closed ? Optional.empty() : Optional.of(ready.poll());
        } finally {
            if (closed) {
                release();
            }
            reading.unlock();
        }
    }

    private void round() {
        boolean anyRead = false;
        boolean anyFault = false;
        for (AgentConfig.Lane l : config.lanes()) {
            LoadCell cell = hardware.loadCells().get(l.id());
            if (cell == null) {
                continue;
            }
            try {
                int raw = cell.read();
                ready.add(new Sample.Weight(now(), l.id(), calibrations.get(l.id()).grams(raw)));
                anyRead = true;
                if (faults.remove(l.id()) != null) {
                    LOG.info("lane {}: {} reads again", l.id(), cell.describe());
                }
            } catch (SensorException e) {
                ready.add(new Sample.ReadError(now(), l.id(), e.getMessage()));
                anyFault = true;
                if (!e.getMessage().equals(faults.put(l.id(), e.getMessage()))) {
                    LOG.warn("lane {}: {}", l.id(), e.getMessage());
                }
            }
        }
        long t = now();
        if (hardware.proximity().isPresent() && t >= nextProximityMs) {
            nextProximityMs = t + PROXIMITY_PERIOD_MS;
            try {
                ready.add(new Sample.Proximity(t, hardware.proximity().get().readMm()));
                anyRead = true;
                if (faults.remove("") != null) {
                    LOG.info("{} reads again", hardware.proximity().get().describe());
                }
            } catch (SensorException e) {
                // No proximity sample: the detector then works from the weights alone.
                if (!e.getMessage().equals(faults.put("", e.getMessage()))) {
                    LOG.warn("proximity: {}", e.getMessage());
                }
            }
        }
        hardware.button().ifPresent(b -> {
            for (int i = b.takePresses(); i > 0; i--) {
                restock = !restock;
                ready.add(new Sample.Mode(now(), restock));
            }
        });
        StatusLed.Pattern pattern = anyFault ? StatusLed.Pattern.FAULT
                : restock ? StatusLed.Pattern.RESTOCK : StatusLed.Pattern.ON;
        hardware.led().ifPresent(led -> {
            led.show(pattern);
            led.tick(now());
        });
        if (!anyRead && !closed) {
            // Nothing paced this round (every sensor failed fast, or there are none): wait a period.
            LockSupport.parkNanos(periodMs * 1_000_000L);
        }
    }

    /**
     * Re-zeroes the lane ({@code null}: every hardware lane) from the mean of a quarter second of
     * readings, in memory: the offset in the config file changes only with {@code shelf-agent calibrate}.
     */
    @Override
    public boolean tare(String lane) {
        int n = Math.max(3, config.sps() / 4);
        boolean done = false;
        for (Map.Entry<String, LoadCell> e : hardware.loadCells().entrySet()) {
            if (lane != null && !lane.equals(e.getKey())) {
                continue;
            }
            try {
                double mean = Calibrator.meanCounts(e.getValue(), n);
                AgentConfig.Calibration c = calibrations.get(e.getKey());
                calibrations.put(e.getKey(), new AgentConfig.Calibration(mean, c.countsPerGram(), c.capacityGrams(),
                        c.calibratedAt()));
                done = true;
            } catch (SensorException ex) {
                LOG.warn("tare of lane {} failed: {}", e.getKey(), ex.getMessage());
            }
        }
        return done;
    }

    /** The calibration in use for a lane (changed by {@link #tare(String)}). */
    public AgentConfig.Calibration calibration(String lane) {
        return calibrations.get(lane);
    }

    private long now() {
        lastTMs = Math.max(lastTMs, clock.monoMs());
        return lastTMs;
    }

    @Override
    public void close() {
        closed = true;
        if (reading.tryLock()) {
            try {
                release();
            } finally {
                reading.unlock();
            }
        }
    }

    /** Under {@link #reading}: powers the chips down and frees the pins, once. */
    private void release() {
        if (!released) {
            released = true;
            hardware.close();
        }
    }
}
