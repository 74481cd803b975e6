package org.ssk.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.FakeShelf;
import org.ssk.agent.driver.HardwareOpener;
import picocli.CommandLine;

class CheckCommandTest {
    @TempDir
    Path dir;
    private Path configFile;
    private FakeShelf shelf;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyExample() throws Exception {
        configFile = dir.resolve("agent.json");
        Files.copy(Path.of("agent.example.json"), configFile);
        shelf = new FakeShelf(AgentConfig.load(configFile, Map.of()));
        shelf.load("1", 4200).load("2", 0).load("3", 0).load("4", 0);
        shelf.range(412);
    }

    @AfterEach
    void shutdown() {
        shelf.close();
    }

    private int check(HardwareOpener opener) {
        CommandLine cl = new CommandLine(new CheckCommand(opener));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("--config", configFile.toString());
    }

    @Test
    void listsEverySensorWithItsLiveReading() {
        assertEquals(0, check(shelf.opener()), out + "\n" + err);
        String shown = out.toString();
        assertTrue(shown.contains("config " + configFile + ": ok (shelf S1, 4 lanes, 10 samples/s)"), shown);
        assertTrue(shown.matches("(?s).*lane 1 +HX711 on DOUT GPIO6 / PD_SCK GPIO5 +ok +raw 4200 ±0 = 10\\.0 g,"
                + " 10\\.0/s \\(not calibrated yet: run shelf-agent calibrate\\).*"), shown);
        assertTrue(shown.matches("(?s).*proximity +VL53L0X at 0x29 on I2C bus 1 +ok +412 mm.*"), shown);
        assertTrue(shown.matches("(?s).*clock +HX711 on PD_SCK GPIO5 \\(DOUT GPIO6, GPIO13, GPIO19, GPIO26\\) +ok"
                + " +longest clock pulse 0\\.0 us of \\d+ \\(power-down at 60 us\\).*"), shown);
        assertTrue(shown.matches("(?s).*button +staff button on GPIO17 +ok +released.*"), shown);
        assertTrue(shown.contains("all sensors answer"), shown);
        assertTrue(shown.matches("(?s).*led +status LED on GPIO27 +ok +lit while this check runs.*"), shown);
    }

    @Test
    void aFaultySensorIsShownWithItsReasonAndTheExitStatusSaysSo() {
        shelf.unplug("4");
        shelf.unplugProximity();
        assertEquals(1, check(shelf.opener()));
        String shown = out.toString();
        assertTrue(shown.matches("(?s).*lane 4 +HX711 on DOUT GPIO26 / PD_SCK GPIO5 +FAULT +HX711 on DOUT GPIO26.*"), shown);
        assertTrue(shown.matches("(?s).*proximity +VL53L0X at 0x29 on I2C bus 1 +FAULT .*no answer on the bus.*"), shown);
        assertTrue(shown.contains("2 sensor(s) FAULTY"), shown);
    }

    @Test
    void hx711BoardsSlowerThanTheConfiguredRateAreReportedWithTheFix() throws Exception {
        Files.writeString(configFile, Files.readString(configFile).replace("\"sps\" : 10", "\"sps\" : 80"));
        shelf.hx711Rate(10);
        assertEquals(1, check(shelf.opener()));
        String shown = out.toString();
        assertTrue(shown.matches("(?s).*lane 3 +HX711 on DOUT GPIO19 / PD_SCK GPIO5 +SLOW +raw 0 ±0 = 0\\.0 g, 10\\.0/s.*"),
                shown);
        assertTrue(shown.contains("reads 10.0 samples/s but sps is 80: tie RATE high on every HX711 board of this"
                + " clock, or set sps to 10"), shown);
    }

    @Test
    void aBadConfigIsListedProblemByProblem() throws Exception {
        Files.writeString(configFile, Files.readString(configFile).replace("\"led_pin\" : 27", "\"led_pin\" : 6"));
        assertEquals(2, check(shelf.opener()));
        assertTrue(err.toString().contains("GPIO6 is wired to lane 1 HX711 data (DOUT) and status LED"), err.toString());
    }

    @Test
    void onAMachineWithoutGpioItSaysSoWithoutAStackTrace() {
        assertEquals(1, check(config -> {
            throw new org.ssk.agent.driver.HardwareUnavailableException("this machine has no GPIO"
                    + " (/dev/gpiochip0 is missing): run `shelf-agent` on the shelf's Raspberry Pi", null);
        }));
        assertEquals("shelf-agent: this machine has no GPIO (/dev/gpiochip0 is missing): run `shelf-agent` on the"
                + " shelf's Raspberry Pi", err.toString().trim());
    }

    @Test
    void theRealPiOpenerRefusesCleanlyWhereThereIsNoGpio() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "a machine with GPIO");
        assertEquals(1, check(HardwareOpener.PI));
        assertTrue(err.toString().startsWith("shelf-agent: this machine has no GPIO"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }
}
