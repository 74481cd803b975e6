package org.ssk.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.Calibrator;
import org.ssk.agent.driver.HardwareOpener;
import org.ssk.agent.driver.HardwareUnavailableException;
import org.ssk.agent.driver.Hx711Bank;
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
 * for the proximity sensor, the button's state) or why it cannot be read, with the rate each load
 * cell really converts at: an HX711 whose RATE pin does not match {@code sps} is reported SLOW.
 * Lights the status LED while it runs. Stop the agent service first: it holds the pins.
 *
 * <p>Exit status: 0 every sensor answered at its rate, 1 a sensor fault, a slow load cell or no
 * hardware access, 2 a bad config.
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
        AgentConfig config = AgentConfig.loadOrExplain(configFile, System.getenv(), err).orElse(null);
        if (config == null) {
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
                    cell.read(); // a shared HX711 clock may hold a reading from an earlier lane's round
                    long t0 = hw.nanoTime();
                    Calibrator.Stats s = Calibrator.measure(cell, Math.max(1, samples), i -> { });
                    double rate = s.n() * 1e9 / Math.max(1, hw.nanoTime() - t0);
                    AgentConfig.Calibration c = lane.calibration();
                    boolean slow = rate < 0.6 * config.sps();
                    out.println(row("lane " + lane.id(), cell.describe(), slow ? "SLOW" : "ok", String.format(Locale.ROOT,
                            "raw %.0f ±%.0f = %.1f g, %.1f/s%s", s.mean(), s.sd(), c.grams(Math.round(s.mean())), rate,
                            c.calibratedAt() == null ? " (not calibrated yet: run shelf-agent calibrate)" : "")));
                    if (slow) {
                        faults++;
                        out.println(row("", "", "", String.format(Locale.ROOT, "reads %.1f samples/s but sps is %d:"
                                + " tie RATE high on every HX711 board of this clock, or set sps to %d", rate,
                                config.sps(), rate < 20 ? 10 : 80)));
                    }
                } catch (SensorException e) {
                    faults++;
                    out.println(row("lane " + lane.id(), cell.describe(), "FAULT", e.getMessage()));
                }
            }
            for (Hx711Bank bank : hw.hx711Banks()) {
                out.println(row("clock", bank.describeBank(), bank.stretchedPulses() == 0 ? "ok" : "SLOW",
                        String.format(Locale.ROOT, "longest clock pulse %.1f us of %d (power-down at 60 us)%s",
                                bank.longestHighNanos() / 1000.0, bank.pulses(), bank.stretchedPulses() == 0 ? ""
                                        : ", " + bank.stretchedPulses() + " read(s) disturbed and repeated")));
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
