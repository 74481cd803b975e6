package org.ssk.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
    @TempDir
    Path dir;

    private record Result(int status, String err) {
    }

    private Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new Result(cl.execute(args), err.toString());
    }

    private Path config(String sensorType) throws Exception {
        return Files.writeString(dir.resolve("agent.json"), """
                {"shelf":"S1","broker":{"url":"tcp://127.0.0.1:1","username":null,"password":null},
                 "data_dir":"%s","sps":80,"telemetry_interval_ms":5000,
                 "lanes":[{"id":"1","sensor":{"type":"%s","data_pin":5,"clock_pin":6,"i2c_bus":null,
                           "i2c_address":null,"channel":null},
                           "calibration":{"offset":0,"counts_per_gram":1,"capacity_grams":20000},
                           "sku":"rice","unit_grams":2500,"initial_qty":4}],
                 "proximity":null,"button_pin":null,"led_pin":null}
                """.formatted(dir.resolve("data"), sensorType));
    }

    @Test
    void hardwareLanesOnAMachineWithoutGpioAreRefusedInOneLineBeforeAnythingStarts() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "a machine with GPIO");
        Result r = run("run", "--config", config("hx711").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("shelf-agent: this machine has no GPIO"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("data")), "nothing was started");
    }

    @Test
    void anInvalidConfigIsReportedProblemByProblem() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"shelf":"no spaces allowed","broker":{"url":"http://x","username":null,"password":null},
                 "data_dir":"","sps":7,"telemetry_interval_ms":5000,"lanes":[],
                 "proximity":null,"button_pin":null,"led_pin":null}
                """);
        Result r = run("run", "--config", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("shelf:") && r.err().contains("broker.url") && r.err().contains("sps"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void simulateRejectsAnUnknownActivityInWords() {
        Result r = run("simulate", "--shelf", "S1", "--activity", "party", "--data-dir", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("idle, random or scripted"), r.err());
    }

    @Test
    void simulateRejectsMalformedLanes() {
        Result r = run("simulate", "--shelf", "S1", "--lanes", "rice:heavy:4", "--data-dir", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--lanes"), r.err());
    }
}
