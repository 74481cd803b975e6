package org.ssk.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.config.ConfigException;
import org.ssk.agent.driver.Calibrator;
import org.ssk.agent.driver.HardwareOpener;
import org.ssk.agent.driver.HardwareUnavailableException;
import org.ssk.agent.driver.LoadCell;
import org.ssk.agent.driver.SensorException;
import org.ssk.agent.driver.ShelfHardware;
import org.ssk.agent.driver.StatusLed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shelf-agent check --config agent.json}: validates the config, opens the shelf's sensors
 * and prints one line per sensor with what it reads now (raw counts and grams for load cells, mm
 * for the proximity sensor, the button's state) or why it cannot be read. Lights the status LED
 * while it runs. Stop the agent service first: it holds the pins.
 *
 * <p>Exit status: 0 every sensor answered, 1 a sensor fault or no hardware access, 2 a bad config.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "List the shelf's sensors with their live readings, or why they cannot be read.")
public final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "agent.json", description = "The agent's config file.")
    Path configFile;

    @Option(names = "--samples", defaultValue = "5", description = "Readings averaged per load cell (default: ${DEFAULT-VALUE}).")
    int samples;

    @Spec
    CommandSpec spec;

    private final HardwareOpener opener;

    public CheckCommand() {
        this(HardwareOpener.PI);
    }

    /** For tests: a fake shelf. */
    public CheckCommand(HardwareOpener opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config;
        try {
            config = AgentConfig.load(configFile, System.getenv());
        } catch (ConfigException e) {
            err.println("shelf-agent: " + e.getMessage());
            return 2;
        }
        out.println("config " + configFile + ": ok (shelf " + config.shelf() + ", " + config.lanes().size()
                + " lanes, " + config.sps() + " samples/s)");
        int faults = 0;
        try (ShelfHardware hw = opener.open(config)) {
            hw.led().ifPresent(led -> {
                led.show(StatusLed.Pattern.ON);
                led.tick(0);
            });
            for (AgentConfig.Lane lane : config.lanes()) {
                LoadCell cell = hw.loadCells().get(lane.id());
                if (cell == null) {
                    out.println(row("lane " + lane.id(), "simulated", "ok", "no hardware"));
                    continue;
                }
                try {
                    Calibrator.Stats s = Calibrator.measure(cell, Math.max(1, samples), i -> { });
                    AgentConfig.Calibration c = lane.calibration();
                    out.println(row("lane " + lane.id(), cell.describe(), "ok", String.format(Locale.ROOT,
                            "raw %.0f ±%.0f = %.1f g%s", s.mean(), s.sd(), c.grams(Math.round(s.mean())),
                            c.calibratedAt() == null ? " (not calibrated yet: run shelf-agent calibrate)" : "")));
                } catch (SensorException e) {
                    faults++;
                    out.println(row("lane " + lane.id(), cell.describe(), "FAULT", e.getMessage()));
                }
            }
            if (hw.proximity().isPresent()) {
                try {
                    double mm = hw.proximity().get().readMm();
                    out.println(row("proximity", hw.proximity().get().describe(), "ok",
                            String.format(Locale.ROOT, "%.0f mm", mm)));
                } catch (SensorException e) {
                    faults++;
                    out.println(row("proximity", hw.proximity().get().describe(), "FAULT", e.getMessage()));
                }
            } else {
                out.println(row("proximity", "none", "-", "not configured"));
            }
            hw.button().ifPresent(b -> out.println(row("button", b.describe(), "ok",
                    b.isPressed() ? "pressed" : "released")));
            if (config.ledPin() != null) {
                out.println(row("led", "status LED on GPIO" + config.ledPin(), "ok", "lit while this check runs"));
            }
        } catch (HardwareUnavailableException e) {
            err.println("shelf-agent: " + e.getMessage());
            return 1;
        }
        out.println(faults == 0 ? "all sensors answer" : faults + " sensor(s) FAULTY: see above");
        return faults == 0 ? 0 : 1;
    }

    private static String row(String what, String device, String status, String detail) {
        return String.format(Locale.ROOT, "%-10s %-42s %-6s %s", what, device, status, detail);
    }
}
