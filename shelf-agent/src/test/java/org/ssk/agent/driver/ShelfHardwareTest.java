package org.ssk.agent.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssk.agent.config.AgentConfig;

class ShelfHardwareTest {
    private static final AgentConfig.Calibration CAL = new AgentConfig.Calibration(0, 100, 5000);

    private static AgentConfig shelf(List<AgentConfig.Lane> lanes, AgentConfig.Proximity proximity) {
        return new AgentConfig("S1", new AgentConfig.Broker("tcp://127.0.0.1:1883", null, null), "/tmp/x", 80, 5000,
                lanes, proximity, null, null);
    }

    private static AgentConfig.Lane hx711(String id, int data, int clock) {
        return new AgentConfig.Lane(id, new AgentConfig.Sensor("hx711", data, clock, null, null, null), CAL, null,
                null, null);
    }

    @Test
    void lanesOnTwoClocksAndANau7802EachReadTheirOwnChip() throws Exception {
        AgentConfig config = shelf(List.of(hx711("a", 6, 5), hx711("b", 13, 12), hx711("c", 19, 5),
                new AgentConfig.Lane("d", new AgentConfig.Sensor("nau7802", null, null, 3, 0x2A, 2), CAL, null, null,
                        null)), new AgentConfig.Proximity("pir", null, null, 22));
        config.validate();
        try (FakeShelf fake = new FakeShelf(config)) {
            fake.load("a", 1).load("b", 2).load("c", 3).load("d", 4);
            fake.level(22, true);
            try (ShelfHardware hw = fake.opener().open(config)) {
                assertEquals(1, hw.loadCells().get("a").read());
                assertEquals(2, hw.loadCells().get("b").read());
                assertEquals(3, hw.loadCells().get("c").read());
                assertEquals(4, hw.loadCells().get("d").read());
                assertEquals("NAU7802 at 0x2A on I2C bus 3 (channel 2)", hw.loadCells().get("d").describe());
                assertEquals(ProximitySensor.NEAR_MM, hw.proximity().orElseThrow().readMm());
                assertTrue(hw.button().isEmpty() && hw.led().isEmpty());
            }
        }
    }

    @Test
    void aPinThatCannotBeOpenedIsNamedWithWhatToCheck() {
        AgentConfig config = shelf(List.of(hx711("a", 6, 5)), null);
        try (FakeShelf fake = new FakeShelf(config)) {
            fake.makeUnreachable();
            HardwareUnavailableException e = assertThrows(HardwareUnavailableException.class,
                    () -> fake.opener().open(config));
            assertTrue(e.getMessage().startsWith("cannot open the lane a HX711 data (DOUT) on GPIO6:"
                    + " GPIO6: Device or resource busy"), e.getMessage());
            assertTrue(e.getMessage().contains("gpio and i2c groups"), e.getMessage());
        }
    }
}
