package org.ssk.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.source.SensorSource;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.ShelfEvent;
import org.ssk.protocol.Telemetry;

/**
 * The detector's memory lives with the outbox: a visitor takes an item, the agent restarts (a
 * crash, a power cut, an update), the visitor puts the item back, and that is a put-back. The
 * telemetry's change counts live there too. (Nothing is written at a clean stop that a killed
 * agent would miss: memory and counts are saved as each change is stored.)
 */
@Timeout(60)
class ShelfAgentRestartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final double HONEY = 500;

    @TempDir
    Path dataDir;

    @TempDir
    Path otherDataDir;

    @Test
    void anItemTakenBeforeARestartAndPutBackAfterItIsAPutBack() throws Exception {
        AgentConfig config = offlineConfig(dataDir);
        assertInstanceOf(Pick.class, onlyCounted(run(config, honeyMoves(6, -1))));
        assertInstanceOf(Putback.class, onlyCounted(run(config, honeyMoves(5, +1))));
    }

    @Test
    void theChangeCountsAndTheUnseenShareGoOnAcrossARestart() throws Exception {
        AgentConfig config = offlineConfig(dataDir);
        Life first = live(config, honeyMoves(6, -1, true));
        assertEquals(new Telemetry.Changes(1, 0), first.changes(), "a pick the sensor saw");
        Life second = live(config, honeyMoves(5, +1, false));
        assertTrue(assertInstanceOf(Putback.class, onlyCounted(second.events())).unseen(), "no hand seen");
        assertEquals(new Telemetry.Changes(2, 1), second.changes(), "counted on from the first life's counts");
        assertEquals(0.5, second.changes().unseenShare());
        assertEquals(new Telemetry.Changes(2, 1), live(config, List.of()).changes(), "a third life starts from them");
        assertEquals(new Telemetry.Changes(0, 0), live(offlineConfig(otherDataDir), List.of()).changes(),
                "a new data dir counts from nothing");
    }

    @Test
    void withoutTheKeptMemoryTheSamePutBackWouldBeAForeignItem() throws Exception {
        assertInstanceOf(Pick.class, onlyCounted(run(offlineConfig(dataDir), honeyMoves(6, -1))));
        assertInstanceOf(Anomaly.class, onlyCounted(run(offlineConfig(otherDataDir), honeyMoves(5, +1))),
                "an agent that forgot the pick cannot tell the returned item from a foreign one");
    }

    private static AgentConfig offlineConfig(Path dir) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return TestShelves.config("RST1", "tcp://127.0.0.1:" + s.getLocalPort(), dir);
        }
    }

    /** What one agent life stored, and the change counts it ended with. */
    private record Life(List<ShelfEvent> events, Telemetry.Changes changes) {
    }

    /** Runs one agent life over {@code samples} (the source then ends) and returns what it stored. */
    private static List<ShelfEvent> run(AgentConfig config, List<Sample> samples) throws Exception {
        return live(config, samples).events();
    }

    private static Life live(AgentConfig config, List<Sample> samples) throws Exception {
        TestShelves.Stored stored = new TestShelves.Stored();
        ListSource source = new ListSource(samples);
        try (ShelfAgent agent = ShelfAgent.start(config, source, ShelfAgent.standardDetector(config),
                ShelfAgent.Options.defaults().withOnStored(stored.events::add))) {
            await().atMost(PATIENCE).until(source::drained);
            await().atMost(PATIENCE).until(() -> agent.samplesRead() == samples.size());
            return new Life(stored.events, agent.changes());
        }
    }

    private static ShelfEvent onlyCounted(List<ShelfEvent> events) {
        List<ShelfEvent> counted = events.stream().filter(e -> !(e instanceof Lift)).toList();
        assertEquals(1, counted.size(), "one decision: " + counted);
        return counted.get(0);
    }

    private static List<Sample> honeyMoves(int honeyItems, int qty) {
        return honeyMoves(honeyItems, qty, true);
    }

    /**
     * 80 sps of both test lanes (4 rice, {@code honeyItems} honey) with 1.5 g of noise; at 2 s a hand
     * (seen by the proximity sensor when {@code seen}) moves {@code qty} honey items in 300 ms; 6 s in all.
     */
    private static List<Sample> honeyMoves(int honeyItems, int qty, boolean seen) {
        Random noise = new Random(7);
        List<Sample> out = new ArrayList<>();
        for (long t = 0; t < 6000; t += 50) {
            boolean hand = seen && t >= 1600 && t <= 2900;
            out.add(new Sample.Proximity(t, hand ? 150 : 1200 + noise.nextGaussian() * 20));
        }
        for (int i = 0; i < 6 * 80; i++) {
            long t = i * 1000L / 80;
            double moved = t < 2000 ? 0 : t >= 2300 ? qty * HONEY : qty * HONEY * (t - 2000) / 300.0;
            out.add(new Sample.Weight(t, "1", 4 * 2500 + noise.nextGaussian() * 1.5));
            out.add(new Sample.Weight(t, "2", honeyItems * HONEY + moved + noise.nextGaussian() * 1.5));
        }
        out.sort(java.util.Comparator.comparingLong(Sample::tMs));
        return out;
    }

    /** Hands out a fixed list of samples, then ends. */
    private static final class ListSource implements SensorSource {
        private final Iterator<Sample> samples;
        private volatile boolean drained;

        ListSource(List<Sample> samples) {
            this.samples = samples.iterator();
        }

        boolean drained() {
            return drained;
        }

        @Override
        public Optional<Sample> next() {
            if (samples.hasNext()) {
                return Optional.of(samples.next());
            }
            drained = true;
            return Optional.empty();
        }

        @Override
        public void close() {
            drained = true;
        }
    }
}
