package org.ssk.agent.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Vl53l0xTest {
    private final MockPi pi = new MockPi();
    private final FakeNanos nanos = new FakeNanos();
    private final FakeVl53l0x tof = new FakeVl53l0x(pi.context, 1);
    private final Vl53l0x sensor = new Vl53l0x(tof, nanos);

    @AfterEach
    void shutdown() {
        pi.close();
    }

    @Test
    void rangingRunsBackToBackAndEachReadTakesTheLatestSample() throws Exception {
        tof.range(250, 900, 31);

        assertEquals(250.0, sensor.readMm());
        assertEquals(900.0, sensor.readMm());
        assertEquals(31.0, sensor.readMm());
        assertEquals(31.0, sensor.readMm(), "a still scene keeps its range");
        assertEquals(1, tof.measurements(), "started once, not once per read");
        assertEquals(0, tof.unprimedStarts(), "the stop variable was restored before ranging");
        assertTrue(tof.ranging());
    }

    @Test
    void closeStopsRangingAndTheNextReadStartsAgain() throws Exception {
        tof.range(500);
        assertEquals(500.0, sensor.readMm());
        sensor.close();
        assertFalse(tof.ranging());
        assertEquals(500.0, sensor.readMm());
        assertEquals(2, tof.measurements());
    }

    @Test
    void startUpSetsTwoVoltEightPadsAndNewSampleInterrupt() throws Exception {
        sensor.start();
        assertEquals(1, tof.regs[Vl53l0x.VHV_CONFIG_PAD_SCL_SDA_EXTSUP_HV] & 0x01);
        assertEquals(0x04, tof.regs[Vl53l0x.SYSTEM_INTERRUPT_CONFIG_GPIO]);
        assertEquals(0, tof.regs[Vl53l0x.GPIO_HV_MUX_ACTIVE_HIGH] & 0x10, "interrupt active low");
        assertEquals(32, tof.regs[Vl53l0x.FINAL_RANGE_MIN_COUNT_RATE + 1], "0.25 MCPS in Q9.7");
        assertEquals(0xE8, tof.regs[Vl53l0x.SYSTEM_SEQUENCE_CONFIG]);
    }

    @Test
    void nothingInRangeReadsAsFar() throws Exception {
        tof.range(8190);
        assertEquals(ProximitySensor.FAR_MM, sensor.readMm());
    }

    @Test
    void anotherChipAtTheAddressIsRefusedByItsModelId() {
        tof.modelId(0xEA);
        SensorException e = assertThrows(SensorException.class, sensor::readMm);
        assertTrue(e.getMessage().contains("not a VL53L0X"), e.getMessage());
    }

    @Test
    void noDeviceOnTheBusIsASensorErrorNotACrash() {
        tof.unplug();
        SensorException e = assertThrows(SensorException.class, sensor::readMm);
        assertTrue(e.getMessage().startsWith("VL53L0X at 0x29 on I2C bus 1: no answer"), e.getMessage());
    }

    @Test
    void aSensorThatStopsMeasuringKeepsItsLastRangeBrieflyThenTimesOut() throws Exception {
        tof.range(250);
        assertEquals(250.0, sensor.readMm());
        tof.silence();
        nanos.advance(100_000_000L);
        assertEquals(250.0, sensor.readMm(), "100 ms old: still the scene");

        nanos.advance(150_000_000L);
        SensorException e = assertThrows(SensorException.class, sensor::readMm);
        assertTrue(e.getMessage().contains("gave no measurement within 200 ms"), e.getMessage());
    }

    @Test
    void aSensorThatNeverMeasuresFailsTheFirstReadAfterTheTimeout() throws Exception {
        sensor.start();
        assertTrue(tof.ranging());
        tof.silence();
        SensorException e = assertThrows(SensorException.class, sensor::readMm);
        assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
    }

    @Test
    void irBeamReadsNearWhileBrokenAndPirReadsNearWhileMoving() throws Exception {
        MockDigitalInput beamPin = pi.input(22);
        MockDigitalInput pirPin = pi.input(23);
        ProximitySensor beam = DigitalPresence.irBeam(beamPin);
        ProximitySensor pir = DigitalPresence.pir(pirPin);

        beamPin.mockState(DigitalState.HIGH);
        pirPin.mockState(DigitalState.LOW);
        assertEquals(ProximitySensor.FAR_MM, beam.readMm());
        assertEquals(ProximitySensor.FAR_MM, pir.readMm());
        beamPin.mockState(DigitalState.LOW);
        pirPin.mockState(DigitalState.HIGH);
        assertEquals(ProximitySensor.NEAR_MM, beam.readMm());
        assertEquals(ProximitySensor.NEAR_MM, pir.readMm());
        assertEquals("IR break-beam on GPIO22", beam.describe());
    }
}
