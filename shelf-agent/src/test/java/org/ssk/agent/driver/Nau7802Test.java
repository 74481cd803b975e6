package org.ssk.agent.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Nau7802Test {
    private final MockPi pi = new MockPi();
    private final FakeNanos nanos = new FakeNanos();
    private final FakeNau7802 chip = new FakeNau7802(pi.context, 1, nanos);

    @AfterEach
    void shutdown() {
        pi.close();
    }

    private Nau7802 driver(int sps, int channel) {
        return new Nau7802(chip, sps, channel, nanos);
    }

    @Test
    void powerUpResetsThenPowersDigitalAndAnalogThenConfiguresStartsAndCalibrates() throws Exception {
        driver(320, 1).powerUp();

        List<FakeNau7802.Write> w = chip.writes();
        assertEquals(new FakeNau7802.Write(Nau7802.PU_CTRL, Nau7802.RR), w.get(0), "register reset first");
        assertEquals(new FakeNau7802.Write(Nau7802.PU_CTRL, Nau7802.PUD), w.get(1), "RR cleared with PUD");
        assertEquals(new FakeNau7802.Write(Nau7802.PU_CTRL, Nau7802.PUD | Nau7802.PUA | Nau7802.AVDDS), w.get(2));
        assertEquals(0x27, chip.reg(Nau7802.CTRL1), "LDO 3.3 V, gain 128");
        assertEquals(0b111, (chip.reg(Nau7802.CTRL2) >> 4) & 0b111, "CRS = 320 SPS");
        assertEquals(0, chip.reg(Nau7802.CTRL2) & Nau7802.CHS, "channel 1");
        assertEquals(Nau7802.REG_CHPS_OFF, chip.reg(Nau7802.ADC) & Nau7802.REG_CHPS_OFF, "clock chopper off");
        assertTrue((chip.reg(Nau7802.PGA_PWR) & Nau7802.PGA_CAP_EN) != 0, "VIN2 cap on when channel 2 is unused");
        int cs = indexOf(w, Nau7802.PU_CTRL, Nau7802.CS);
        int cals = indexOf(w, Nau7802.CTRL2, Nau7802.CALS);
        assertTrue(cs >= 0 && cals > cs, "conversions start (CS) before the calibration (CALS): " + w);
        assertEquals(1, chip.calibrations());
    }

    @Test
    void channelTwoSelectsVin2AndLeavesItsCapacitorOff() throws Exception {
        driver(80, 2).powerUp();

        assertEquals(Nau7802.CHS, chip.reg(Nau7802.CTRL2) & Nau7802.CHS);
        assertEquals(0b011, (chip.reg(Nau7802.CTRL2) >> 4) & 0b111, "CRS = 80 SPS");
        assertEquals(0, chip.reg(Nau7802.PGA_PWR) & Nau7802.PGA_CAP_EN);
    }

    @Test
    void readsSigned24BitConversionsOncePowered() throws Exception {
        Nau7802 adc = driver(80, 1);
        chip.convert(0x123456, -42, -8_388_608);

        assertEquals(0x123456, adc.read());
        assertEquals(-42, adc.read());
        assertEquals(-8_388_608, adc.read());
    }

    @Test
    void noDeviceOnTheBusIsASensorErrorNamingBusAndAddress() {
        chip.unplug();
        SensorException e = assertThrows(SensorException.class, () -> driver(80, 1).read());
        assertTrue(e.getMessage().startsWith("NAU7802 at 0x2A on I2C bus 1"), e.getMessage());
        assertTrue(e.getMessage().contains("i2cdetect -y 1"), e.getMessage());
    }

    @Test
    void aChipThatNeverReportsPowerUpReadyFailsAfterTheTimeout() {
        chip.neverPowerUp();
        long t0 = nanos.nanoTime();
        SensorException e = assertThrows(SensorException.class, () -> driver(80, 1).powerUp());
        assertTrue(e.getMessage().contains("power-up ready (PUR)"), e.getMessage());
        assertTrue(nanos.nanoTime() - t0 >= 100_000_000L, "waited the datasheet's margin first");
    }

    @Test
    void aFailedInternalCalibrationIsReported() {
        chip.failCalibration();
        SensorException e = assertThrows(SensorException.class, () -> driver(80, 1).powerUp());
        assertTrue(e.getMessage().contains("CAL_ERR"), e.getMessage());
    }

    @Test
    void noConversionInTimeIsATimeoutNotAHang() throws Exception {
        Nau7802 adc = driver(10, 1);
        adc.powerUp();
        SensorException e = assertThrows(SensorException.class, adc::read);
        assertTrue(e.getMessage().contains("no conversion within 500 ms"), e.getMessage());
    }

    @Test
    void aBrownOutIsReportedOnceAndTheChipIsPoweredUpAgainOnTheNextRead() throws Exception {
        Nau7802 adc = driver(80, 1);
        chip.convert(100, 200);
        assertEquals(100, adc.read());

        chip.brownOut();
        SensorException e = assertThrows(SensorException.class, adc::read);
        assertTrue(e.getMessage().contains("lost its settings"), e.getMessage());
        assertEquals(200, adc.read());
        assertEquals(2, chip.calibrations());
    }

    @Test
    void closePowersTheChipDown() throws Exception {
        Nau7802 adc = driver(80, 1);
        adc.powerUp();
        adc.close();
        assertEquals(0, chip.reg(Nau7802.PU_CTRL) & (Nau7802.PUD | Nau7802.PUA));
    }

    private static int indexOf(List<FakeNau7802.Write> writes, int reg, int bit) {
        for (int i = 0; i < writes.size(); i++) {
            if (writes.get(i).reg() == reg && (writes.get(i).value() & bit) != 0) {
                return i;
            }
        }
        return -1;
    }
}
