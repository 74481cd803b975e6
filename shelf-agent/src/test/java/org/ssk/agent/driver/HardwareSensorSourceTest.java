package org.ssk.agent.driver;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.time.SettableClock;
import org.ssk.agent.time.ShelfClock;

class HardwareSensorSourceTest {
    private final AgentConfig config = example();
    private final FakeShelf shelf = new FakeShelf(config);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);
    private HardwareSensorSource source;

    static AgentConfig example() {
        try {
            AgentConfig c = AgentConfig.load(Path.of("agent.example.json"), Map.of());
            // Lane 2 calibrated: zero at 10,000 counts, 400 counts per gram.
            return c.withCalibration("2", new AgentConfig.Calibration(10_000, 400, 5000, "2026-11-23T07:00:00Z"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void shutdown() {
        if (source != null) {
            source.close();
        }
        shelf.close();
    }

    private HardwareSensorSource open() throws HardwareUnavailableException {
        source = new HardwareSensorSource(config, shelf.opener().open(config), new ShelfClock(clock, () -> 0L));
        return source;
    }

    private List<Sample> take(int n) throws Exception {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(source.next().orElseThrow());
        }
        return out;
    }

    @Test
    void everyLaneGivesCalibratedGramsAndTheToFGivesMillimetres() throws Exception {
        shelf.load("1", 0).load("2", 10_000 + 400 * 250).load("3", 4200).load("4", -4200);
        shelf.range(320);
        open();

        List<Sample> s = take(5);
        long t = clock.millis();
        assertEquals(List.of(new Sample.Weight(t, "1", 0), new Sample.Weight(t, "2", 250),
                new Sample.Weight(t, "3", 10), new Sample.Weight(t, "4", -10), new Sample.Proximity(t, 320)), s);
    }

    @Test
    void anUnpluggedLaneIsAReadErrorWhileTheOthersKeepReading() throws Exception {
        shelf.load("1", 420).load("2", 10_000).load("3", 0).load("4", 0);
        shelf.unplug("3");
        open();

        List<Sample> s = take(4);
        assertEquals(new Sample.Weight(clock.millis(), "1", 1), s.get(0));
        Sample.ReadError e = (Sample.ReadError) s.get(2);
        assertEquals("3", e.lane());
        assertTrue(e.reason().contains("HX711 on DOUT GPIO19 / PD_SCK GPIO5"), e.reason());
        assertTrue(s.get(3) instanceof Sample.Weight w && w.lane().equals("4"), s.toString());
    }

    @Test
    void aMissingToFSensorDoesNotStopTheWeights() throws Exception {
        for (String lane : List.of("1", "2", "3", "4")) {
            shelf.load(lane, 0);
        }
        shelf.unplugProximity();
        open();

        List<Sample> s = take(8);
        assertTrue(s.stream().allMatch(Sample.Weight.class::isInstance), s.toString());
    }

    @Test
    void staffButtonPressesToggleRestockModeAndTheLedFollows() throws Exception {
        for (String lane : List.of("1", "2", "3", "4")) {
            shelf.load(lane, 0);
        }
        open();
        take(5);
        assertTrue(shelf.isHigh(27), "LED steady on while all is well");

        shelf.level(17, false);
        shelf.level(17, true);
        List<Sample> s = take(5);
        assertTrue(s.contains(new Sample.Mode(clock.millis(), true)), s.toString());
    }

    @Test
    void tareZeroesALaneInMemory() throws Exception {
        shelf.load("1", 0).load("2", 12_345).load("3", 0).load("4", 0);
        open();
        assertTrue(source.tare("2"));
        assertEquals(12_345, source.calibration("2").offset(), 1e-9);
        List<Sample> s = take(4);
        assertEquals(new Sample.Weight(clock.millis(), "2", 0), s.get(1));
    }

    @Test
    void closeFromAnotherThreadEndsABlockedNextAndReleasesThePins() throws Exception {
        for (String lane : List.of("1", "2", "3", "4")) {
            shelf.unplug(lane);
        }
        open();
        AtomicInteger errors = new AtomicInteger();
        CompletableFuture<List<Optional<Sample>>> reader = CompletableFuture.supplyAsync(() -> {
            List<Optional<Sample>> got = new ArrayList<>();
            try {
                Optional<Sample> s;
                do {
                    s = source.next();
                    got.add(s);
                    if (s.isPresent() && s.get() instanceof Sample.ReadError) {
                        errors.incrementAndGet();
                    }
                } while (s.isPresent());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return got;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> errors.get() >= 8);
        source.close();
        List<Optional<Sample>> got = reader.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(got.get(got.size() - 1).isPresent());
        assertFalse(shelf.isHigh(27), "LED off once the source is closed");
    }

    @Test
    void sampleTimesKeepAdvancingEvenlyWhenTheWallClockJumpsBackOrForward() throws Exception {
        shelf.loadLive("1", 420).loadLive("2", 10_000).loadLive("3", 0).loadLive("4", 0);
        SettableClock wall = new SettableClock();
        source = new HardwareSensorSource(config, shelf.opener().open(config),
                new ShelfClock(wall, shelf.nanos()::nanoTime));
        List<Long> times = new ArrayList<>(laneOneTimes(40));
        wall.jump(Duration.ofHours(-3));
        times.addAll(laneOneTimes(40));
        wall.jump(Duration.ofHours(8));
        times.addAll(laneOneTimes(40));
        long period = 1000 / config.sps();
        for (int i = 1; i < times.size(); i++) {
            long step = times.get(i) - times.get(i - 1);
            assertTrue(step > 0 && step <= 2 * period, "sample " + i + " moved by " + step + " ms: " + times);
        }
    }

    private List<Long> laneOneTimes(int n) throws Exception {
        List<Long> out = new ArrayList<>();
        while (out.size() < n) {
            if (source.next().orElseThrow() instanceof Sample.Weight w && w.lane().equals("1")) {
                out.add(w.tMs());
            }
        }
        return out;
    }
}
