package org.ssk.agent.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Hx711BankTest {
    private static final Duration TIMEOUT = Duration.ofMillis(40);
    private final MockPi pi = new MockPi();
    private final FakeNanos nanos = new FakeNanos();
    private final MockDigitalOutput clock = pi.output(5);
    private final List<FakeHx711> chips = new ArrayList<>();
    private final List<MockDigitalInput> douts = new ArrayList<>();

    @AfterEach
    void shutdown() {
        pi.close();
    }

    private Hx711Bank bank(int... dataPins) {
        for (int p : dataPins) {
            MockDigitalInput in = pi.input(p);
            douts.add(in);
            chips.add(new FakeHx711(clock, in, nanos));
        }
        return new Hx711Bank(clock, List.copyOf(douts), TIMEOUT, nanos);
    }

    @Test
    void readsSigned24BitCountsWith25PulsesForChannelAGain128() throws Exception {
        Hx711Bank bank = bank(6);
        chips.get(0).convert(123_456, -1, 0x7FFFFF, 0xFF800000);

        assertEquals(123_456, bank.channel(0).read());
        assertEquals(25, chips.get(0).lastReadPulses());
        assertEquals(-1, bank.channel(0).read());
        assertEquals(8_388_607, bank.channel(0).read());
        assertEquals(-8_388_608, bank.channel(0).read());
    }

    @Test
    void chipsOnOneClockAreReadTogetherAndEachLaneGetsItsOwnConversion() throws Exception {
        Hx711Bank bank = bank(6, 13, 19, 26);
        for (int i = 0; i < 4; i++) {
            chips.get(i).convert(1000 * (i + 1), -1000 * (i + 1));
        }

        assertArrayEquals(new int[] {1000, 2000, 3000, 4000}, bank.readAll());
        LoadCell lane3 = bank.channel(2);
        LoadCell lane1 = bank.channel(0);
        assertEquals(-3000, lane3.read());
        assertEquals(-1000, lane1.read(), "lane 1's value came from the same round, no second read");
        assertEquals(0, chips.get(0).queued());
    }

    @Test
    void aMissingChipTimesOutWithAMessageNamingItsPinsWhileTheOthersStillRead() throws Exception {
        Hx711Bank bank = bank(6, 13);
        chips.get(0).convert(500);
        chips.get(1).disconnect();

        assertEquals(500, bank.channel(0).read());
        SensorException e = assertThrows(SensorException.class, () -> bank.channel(1).read());
        assertTrue(e.getMessage().contains("HX711 on DOUT GPIO13 / PD_SCK GPIO5"), e.getMessage());
        assertTrue(e.getMessage().contains("DOUT never went low"), e.getMessage());
    }

    @Test
    void aDeadChipIsNotWaitedForAgainSoItsNeighboursKeepTheirRate() throws Exception {
        Hx711Bank bank = bank(6, 13);
        chips.get(0).convert(1, 2);
        chips.get(1).disconnect();
        assertThrows(SensorException.class, () -> bank.readAll());

        long t0 = nanos.nanoTime();
        assertEquals(2, bank.channel(0).read());
        long waited = nanos.nanoTime() - t0;
        assertTrue(waited <= 2 * FakeHx711.PERIOD_NANOS, "waited " + waited + " ns, not the 40 ms timeout");
        assertThrows(SensorException.class, () -> bank.channel(1).read());
    }

    @Test
    void noChipAtAllFailsWithinTheTimeoutInsteadOfHanging() {
        Hx711Bank bank = bank(6);
        chips.get(0).disconnect();

        long t0 = nanos.nanoTime();
        SensorException e = assertThrows(SensorException.class, () -> bank.channel(0).read());
        long waitedMs = (nanos.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs >= 40 && waitedMs < 45, "gave up after " + waitedMs + " ms");
        assertTrue(e.getMessage().contains("check the HX711's power"), e.getMessage());
    }

    @Test
    void aDataLineStuckLowIsReportedAsSuchNotAsAZeroReading() {
        Hx711Bank bank = bank(6);
        chips.get(0).stickLow();

        SensorException e = assertThrows(SensorException.class, () -> bank.channel(0).read());
        assertTrue(e.getMessage().contains("stuck low"), e.getMessage());
    }

    @Test
    void aPulseHeldHighPastPowerDownIsDiscardedAndTheNextConversionRead() throws Exception {
        Hx711Bank bank = bank(6);
        chips.get(0).convert(111, 222, 333);
        chips.get(0).stretchPulse(10, 100_000);

        assertEquals(333, bank.channel(0).read(), "111 was cut by the pause, 222 by the reset that followed");
        assertEquals(2, chips.get(0).powerDowns());
        assertEquals(1, bank.stretchedPulses());
        assertEquals(100_000, bank.longestHighNanos(), "the pause is what check reports");
    }

    @Test
    void closingHoldsTheClockHighSoTheChipsPowerDown() {
        Hx711Bank bank = bank(6);
        bank.close();
        assertTrue(clock.isHigh());
    }
}
