package org.ssk.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    static final Path EXAMPLE = Path.of("agent.example.json");

    @TempDir
    Path dir;

    private Path copyOfExample(String from, String to) throws IOException {
        Path f = dir.resolve("agent.json");
        String json = Files.readString(EXAMPLE);
        assertTrue(json.contains(from), "example contains " + from);
        Files.writeString(f, json.replace(from, to));
        return f;
    }

    private List<String> problems(String from, String to) throws IOException {
        Path f = copyOfExample(from, to);
        return assertThrows(ConfigException.class, () -> AgentConfig.load(f, Map.of())).problems();
    }

    private static boolean anyContains(List<String> problems, String text) {
        return problems.stream().anyMatch(p -> p.contains(text));
    }

    @Test
    void theExampleIsAValidFourLaneShelfOnOneSharedHx711Clock() throws Exception {
        AgentConfig c = AgentConfig.load(EXAMPLE, Map.of());
        assertEquals(4, c.lanes().size());
        assertTrue(c.lanes().stream().allMatch(l -> l.sensor().type().equals("hx711") && l.sensor().clockPin() == 5));
        assertEquals(List.of(6, 13, 19, 26), c.lanes().stream().map(l -> l.sensor().dataPin()).toList());
        assertEquals(0x29, c.proximity().i2cAddress());
        assertEquals(17, c.buttonPin());
        assertEquals(27, c.ledPin());
        assertNull(c.lanes().get(0).calibration().calibratedAt(), "the example is not calibrated");
    }

    @Test
    void theBrokersCaFileIsReadFromTheFileOrTheEnvironmentAndMustExist() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Path f = copyOfExample("\"broker\" : {", "\"broker\" : { \"ca_file\" : \"" + ca + "\",");
        assertEquals(ca.toString(), AgentConfig.load(f, Map.of()).broker().caFile());
        Path other = Files.writeString(dir.resolve("other.crt"), "-----BEGIN CERTIFICATE-----\n");
        assertEquals(other.toString(), AgentConfig.load(f, Map.of("SSK_BROKER_CA_FILE", other.toString()))
                .broker().caFile());
        assertNull(AgentConfig.load(EXAMPLE, Map.of()).broker().caFile());
        List<String> missing = assertThrows(ConfigException.class, () -> AgentConfig.load(f,
                Map.of("SSK_BROKER_CA_FILE", "/nonexistent/ca.crt"))).problems();
        assertTrue(anyContains(missing, "broker.ca_file: cannot read /nonexistent/ca.crt"), missing.toString());
    }

    @Test
    void i2cAddressesAreReadAsHexOrDecimalAndWrittenAsHex() throws Exception {
        Path f = copyOfExample("\"i2c_address\" : \"0x29\"", "\"i2c_address\" : 41");
        AgentConfig c = AgentConfig.load(f, Map.of());
        assertEquals(0x29, c.proximity().i2cAddress());
        c.save(f);
        assertTrue(Files.readString(f).contains("\"i2c_address\" : \"0x29\""), Files.readString(f));
    }

    @Test
    void anI2cAddressThatIsNotANumberIsRefusedWithAnExample() throws IOException {
        List<String> p = problems("\"0x29\"", "\"twenty-nine\"");
        assertTrue(anyContains(p, "\"0x29\" or 41"), p.toString());
    }

    @Test
    void aPinOutsideTheHeaderIsRefusedWithTheBcmRange() throws IOException {
        List<String> p = problems("\"data_pin\" : 13", "\"data_pin\" : 40");
        assertTrue(anyContains(p, "lanes[1].sensor.data_pin: 40 is not a GPIO"), p.toString());
    }

    @Test
    void theHatEepromPinsAreRefused() throws IOException {
        List<String> p = problems("\"button_pin\" : 17", "\"button_pin\" : 1");
        assertTrue(anyContains(p, "button_pin: GPIO1 is reserved for the HAT ID EEPROM"), p.toString());
    }

    @Test
    void aDataPinUsedTwiceIsRefusedButTheSharedClockIsNot() throws IOException {
        List<String> p = problems("\"data_pin\" : 13", "\"data_pin\" : 6");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("GPIO6 is wired to lane 1 HX711 data (DOUT) and lane 2 HX711 data (DOUT)"), p.get(0));
    }

    @Test
    void aClockPinSharedWithAnythingButAnotherClockIsRefused() throws IOException {
        List<String> p = problems("\"led_pin\" : 27", "\"led_pin\" : 5");
        assertTrue(anyContains(p, "GPIO5 is wired to HX711 clock and HX711 clock and HX711 clock and HX711 clock"
                + " and status LED; only HX711 clock (PD_SCK) lines may be shared"), p.toString());
    }

    @Test
    void theI2cPinsAreRefusedForGpioWhenTheBusIsInUse() throws IOException {
        List<String> p = problems("\"button_pin\" : 17", "\"button_pin\" : 3");
        assertTrue(anyContains(p, "GPIO3 is SDA/SCL of I2C bus 1"), p.toString());
    }

    @Test
    void aNau7802AtAnotherAddressOrChannelIsRefused() throws IOException {
        List<String> p = problems("{ \"type\" : \"hx711\", \"data_pin\" : 26, \"clock_pin\" : 5 }",
                "{ \"type\" : \"nau7802\", \"i2c_bus\" : 3, \"i2c_address\" : \"0x2B\", \"channel\" : 3 }");
        assertTrue(anyContains(p, "a NAU7802 always answers at 0x2A, was 0x2B"), p.toString());
        assertTrue(anyContains(p, "lanes[3].sensor.channel: 1 or 2"), p.toString());
    }

    @Test
    void twoDevicesAtOneAddressOnOneBusAreRefused() throws IOException {
        Path f = copyOfExample("{ \"type\" : \"hx711\", \"data_pin\" : 26, \"clock_pin\" : 5 }",
                "{ \"type\" : \"nau7802\", \"i2c_bus\" : 3 }");
        Files.writeString(f, Files.readString(f).replace("{ \"type\" : \"hx711\", \"data_pin\" : 19, \"clock_pin\" : 5 }",
                "{ \"type\" : \"nau7802\", \"i2c_bus\" : 3 }"));
        List<String> p = assertThrows(ConfigException.class, () -> AgentConfig.load(f, Map.of())).problems();
        assertTrue(anyContains(p, "lane 4 NAU7802 and lane 3 NAU7802 both answer at 0x2A on I2C bus 3"), p.toString());
    }

    @Test
    void hx711LanesCannotRunAt320SamplesPerSecond() throws IOException {
        List<String> p = problems("\"sps\" : 10", "\"sps\" : 320");
        assertTrue(anyContains(p, "sps: with hx711 lanes the samples per second must be one of [10, 80]"), p.toString());
    }

    @Test
    void anUnknownSensorOrProximityTypeNamesTheChoices() throws IOException {
        Path f = copyOfExample("\"type\" : \"vl53l0x\"", "\"type\" : \"sonar\"");
        Files.writeString(f, Files.readString(f).replaceFirst("\"hx711\"", "\"hx712\""));
        List<String> p = assertThrows(ConfigException.class, () -> AgentConfig.load(f, Map.of())).problems();
        assertTrue(anyContains(p, "lanes[0].sensor.type: one of hx711, nau7802, simulated (was hx712)"), p.toString());
        assertTrue(anyContains(p, "proximity.type: one of vl53l0x, ir_beam, pir, none (was sonar)"), p.toString());
    }

    @Test
    void anIrBeamNeedsItsPin() throws IOException {
        List<String> p = problems("\"type\" : \"vl53l0x\"", "\"type\" : \"ir_beam\"");
        assertTrue(anyContains(p, "proximity.pin: give the BCM GPIO number the IR break-beam receiver's output"), p.toString());
    }

    @Test
    void savingCalibrationsChangesOnlyThoseAndNeverWritesTheEnvironmentsPassword() throws Exception {
        Path f = copyOfExample("\"shelf\" : \"S1\"", "\"shelf\" : \"S7\"");
        AgentConfig withEnv = AgentConfig.load(f, Map.of("SSK_BROKER_PASSWORD", "s3cret"));
        assertEquals("s3cret", withEnv.broker().password());

        AgentConfig.saveCalibrations(f, Map.of("2", new AgentConfig.Calibration(8123.5, -431.25, 5000,
                "2026-11-23T08:00:00Z")));

        String saved = Files.readString(f);
        assertFalse(saved.contains("s3cret"), saved);
        AgentConfig c = AgentConfig.load(f, Map.of());
        assertEquals(new AgentConfig.Calibration(8123.5, -431.25, 5000, "2026-11-23T08:00:00Z"),
                c.lanes().get(1).calibration());
        assertEquals(AgentConfig.load(EXAMPLE, Map.of()).lanes().get(0), c.lanes().get(0));
        assertEquals("S7", c.shelf());
    }

    @Test
    void aCalibrationTimeThatIsNotATimeIsRefused() throws IOException {
        List<String> p = problems("\"calibrated_at\" : null", "\"calibrated_at\" : \"yesterday\"");
        assertTrue(anyContains(p, "lanes[0].calibration.calibrated_at: a time like"), p.toString());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path f = copyOfExample("\"data_pin\" : 13", "\"data_pin\" : 99");
        Files.writeString(f, Files.readString(f).replace("\"led_pin\" : 27", "\"led_pin\" : 17"));
        List<String> p = assertThrows(ConfigException.class, () -> AgentConfig.load(f, Map.of())).problems();
        assertEquals(2, p.size(), p.toString());
    }
}
