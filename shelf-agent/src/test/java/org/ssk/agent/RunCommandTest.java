package org.ssk.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.FakeShelf;
import org.ssk.agent.driver.HardwareUnavailableException;
import org.ssk.agent.mqtt.HubProbe;
import org.ssk.agent.mqtt.Mosquitto;
import org.ssk.protocol.ShelfState;
import org.ssk.protocol.Telemetry;
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
    void withoutGpioAHardwareShelfIsRefusedInOneSentence() throws Exception {
        CommandLine cl = new CommandLine(new RunCommand(c -> {
            throw new HardwareUnavailableException("this machine has no GPIO (/dev/gpiochip0 is missing)", null);
        }));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute("--config", config("hx711").toString()));
        assertTrue(err.toString().contains("no GPIO"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(Files.exists(dir.resolve("data")), "nothing was started");
    }

    @Test
    void aShelfMixingSimulatedAndRealLanesIsRefused() throws Exception {
        AgentConfig c = AgentConfig.load(config("hx711"), Map.of());
        AgentConfig.Lane sim = new AgentConfig.Lane("2", new AgentConfig.Sensor("simulated", null, null, null, null,
                null), new AgentConfig.Calibration(0, 1, 10_000), "honey", 500.0, 6);
        Path mixed = dir.resolve("mixed.json");
        new AgentConfig(c.shelf(), c.broker(), c.dataDir(), c.sps(), c.telemetryIntervalMs(),
                List.of(c.lanes().getFirst(), sim), null, null, null).save(mixed);
        Result r = run("run", "--config", mixed.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("either all"), r.err());
    }

    @Test
    void aHardwareShelfRunsOnItsDriversAndPublishesCalibratedGrams() throws Exception {
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        try (Mosquitto broker = Mosquitto.start(brokerDir);
             HubProbe hub = new HubProbe(broker.url(), "probe-run-hw")) {
            AgentConfig example = AgentConfig.load(Path.of("agent.example.json"), Map.of())
                    .withCalibration("2", new AgentConfig.Calibration(10_000, 400, 5000, "2026-11-23T07:00:00Z"));
            // Lane 2 is calibrated and holds 250 g jars; the others are still on the example's numbers.
            List<AgentConfig.Lane> lanes = example.lanes().stream().map(l -> !l.id().equals("2") ? l
                    : new AgentConfig.Lane("2", l.sensor(), l.calibration(), "jam-250", 250.0, 1)).toList();
            AgentConfig c = new AgentConfig(example.shelf(), new AgentConfig.Broker(broker.url(), null, null),
                    dir.resolve("hw-data").toString(), example.sps(), 1_000, lanes, example.proximity(),
                    example.buttonPin(), example.ledPin());
            Path file = dir.resolve("hw.json");
            c.save(file);
            try (FakeShelf shelf = new FakeShelf(c)) {
                shelf.loadLive("1", 0).loadLive("2", 10_000 + 400 * 250).loadLive("3", 0).loadLive("4", 0);
                // The fake ToF answers each queued range once: enough for the whole run.
                shelf.range(java.util.stream.IntStream.generate(() -> 320).limit(10_000).toArray());
                CommandLine cl = new CommandLine(new RunCommand(shelf.opener()));
                StringWriter err = new StringWriter();
                cl.setErr(new PrintWriter(err));
                assertEquals(0, cl.execute("--config", file.toString(), "--duration-s", "4"), err.toString());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.states().size() >= 2);
            assertEquals(List.of(ShelfState.Status.ONLINE, ShelfState.Status.OFFLINE),
                    hub.states().stream().map(ShelfState::status).toList());
            Telemetry t = hub.telemetry().getLast();
            Telemetry.LaneReading lane2 = t.lanes().get(1);
            assertEquals(250, lane2.grams(), 1.0);
            assertEquals(1, lane2.count());
            assertEquals(Telemetry.Health.OK, lane2.health());
            assertEquals(Telemetry.Health.UNCALIBRATED, t.lanes().getFirst().health());
            assertEquals(320, t.proximityMm(), 1.0);
        }
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
