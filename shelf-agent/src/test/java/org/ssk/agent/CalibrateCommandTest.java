package org.ssk.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.FakeShelf;
import picocli.CommandLine;

class CalibrateCommandTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:30:00Z"), ZoneOffset.UTC);

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
        for (String lane : new String[] {"1", "2", "3", "4"}) {
            shelf.load(lane, 0);
        }
    }

    @AfterEach
    void shutdown() {
        shelf.close();
    }

    private int calibrate(InputStream stdin, String... args) {
        CommandLine cl = new CommandLine(new CalibrateCommand(shelf.opener(), stdin, CLOCK));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = configFile.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cl.execute(all);
    }

    private AgentConfig.Calibration saved(int lane) throws Exception {
        return AgentConfig.load(configFile, Map.of()).lanes().get(lane).calibration();
    }

    @Test
    void taringThenScalingWithAKnownWeightSavesOffsetScaleAndTime() throws Exception {
        shelf.load("2", 8_000);
        ScriptedStdin technician = new ScriptedStdin()
                .type("")
                .then(() -> shelf.load("2", 8_000 + 500 * 421), "500 g");

        int status = calibrate(technician, "--lane", "2", "--samples", "5");

        assertEquals(0, status, out + "\n" + err);
        assertEquals(new AgentConfig.Calibration(8_000, 421, 5000, "2026-11-23T08:30:00Z"), saved(1));
        assertNull(saved(0).calibratedAt(), "other lanes untouched");
        String shown = out.toString();
        assertTrue(shown.contains("Lane 2 (HX711 on DOUT GPIO13 / PD_SCK GPIO5)"), shown);
        assertTrue(shown.contains("taring ..... done (5 readings)"), shown);
        assertTrue(shown.contains("421.00 counts per gram; the weight now reads 500.0 g"), shown);
        assertTrue(shown.contains("Saved the calibration of lane(s) 2"), shown);
    }

    @Test
    void aMassThatIsNotANumberIsAskedAgain() throws Exception {
        ScriptedStdin technician = new ScriptedStdin()
                .type("")
                .type("five hundred")
                .then(() -> shelf.load("1", -200 * 300), "200");

        assertEquals(0, calibrate(technician, "--lane", "1", "--samples", "3"), out.toString());
        assertTrue(out.toString().contains("'five hundred' is not a mass in grams"), out.toString());
        assertEquals(-300, saved(0).countsPerGram(), 1e-9, "a cell wired the other way round gets a negative scale");
    }

    @Test
    void aWeightThatDoesNotMoveTheReadingIsRefusedAndNothingIsSaved() throws Exception {
        String before = Files.readString(configFile);
        ScriptedStdin technician = new ScriptedStdin().type("").type("500");

        assertEquals(1, calibrate(technician, "--lane", "3", "--samples", "3"));
        assertTrue(out.toString().contains("the reading moved by only 0 counts with 500 g"), out.toString());
        assertEquals(before, Files.readString(configFile));
    }

    @Test
    void aDeadLaneIsReportedAndTheOthersAreStillCalibrated() throws Exception {
        shelf.unplug("1");
        ScriptedStdin technician = new ScriptedStdin()
                .type("")
                .type("")
                .then(() -> shelf.load("2", 1000 * 400), "1000");

        assertEquals(0, calibrate(technician, "--lane", "1", "--lane", "2", "--samples", "3"), out.toString());
        assertTrue(out.toString().contains("FAILED: HX711 on DOUT GPIO6 / PD_SCK GPIO5: no conversion"), out.toString());
        assertNull(saved(0).calibratedAt());
        assertEquals(400, saved(1).countsPerGram(), 1e-9);
    }

    @Test
    void quittingOrClosingStdinLeavesTheConfigUnchanged() throws Exception {
        String before = Files.readString(configFile);
        assertEquals(1, calibrate(new ScriptedStdin().type(""), "--samples", "3"));
        assertTrue(out.toString().contains("is unchanged"), out.toString());
        assertEquals(1, calibrate(new ScriptedStdin().type("q"), "--samples", "3"));
        assertEquals(before, Files.readString(configFile));
    }

    @Test
    void withoutHardwareAccessItSaysWhyInOneLine() {
        shelf.makeUnreachable();
        assertEquals(1, calibrate(new ScriptedStdin()));
        assertTrue(err.toString().startsWith("shelf-agent: cannot open the lane 1 HX711 data (DOUT) on GPIO6:"),
                err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }
}
