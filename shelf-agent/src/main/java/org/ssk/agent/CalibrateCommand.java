package org.ssk.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.Calibrator;
import org.ssk.agent.driver.HardwareOpener;
import org.ssk.agent.driver.HardwareUnavailableException;
import org.ssk.agent.driver.LoadCell;
import org.ssk.agent.driver.SensorException;
import org.ssk.agent.driver.ShelfHardware;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shelf-agent calibrate --config agent.json}: for each load-cell lane, asks the technician to
 * empty the tray (tare), then to put a known weight on it, measures both, shows the result read
 * back in grams and, at the end, writes every lane's offset, counts per gram and time of calibration
 * into the config file (nothing else in the file changes). Answers come from stdin, one line each,
 * so a session can be scripted. Stop the agent service first: it holds the pins.
 *
 * <p>Exit status: 0 saved, 1 hardware or sensor trouble or stdin closed early (nothing saved),
 * 2 a config that does not validate.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Tare each lane, then scale it with a known weight; saves the calibration into the config.")
public final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "agent.json", description = "The agent's config file.")
    Path configFile;

    @Option(names = "--lane", paramLabel = "ID", description = "Only these lanes (repeatable; default: every load-cell lane).")
    List<String> onlyLanes = new ArrayList<>();

    @Option(names = "--samples", defaultValue = "20", description = "Readings averaged per step (default: ${DEFAULT-VALUE}).")
    int samples;

    @Spec
    CommandSpec spec;

    private final HardwareOpener opener;
    private final InputStream stdin;
    private final Clock clock;

    public CalibrateCommand() {
        this(HardwareOpener.PI, System.in, Clock.systemUTC());
    }

    /** For tests: fake hardware, scripted answers, a fixed clock. */
    public CalibrateCommand(HardwareOpener opener, InputStream stdin, Clock clock) {
        this.opener = opener;
        this.stdin = stdin;
        this.clock = clock;
    }

    /** The technician closed stdin (Ctrl-D) or typed q: stop without saving. */
    private static final class Quit extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config = AgentConfig.loadOrExplain(configFile, System.getenv(), err).orElse(null);
        if (config == null) {
            return 2;
        }
        if (samples < 3) {
            err.println("shelf-agent: --samples must be at least 3");
            return 2;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        Map<String, AgentConfig.Calibration> done = new LinkedHashMap<>();
        try (ShelfHardware hw = opener.open(config)) {
            List<AgentConfig.Lane> lanes = config.lanes().stream()
                    .filter(l -> hw.loadCells().containsKey(l.id()))
                    .filter(l -> onlyLanes.isEmpty() || onlyLanes.contains(l.id()))
                    .toList();
            if (lanes.isEmpty()) {
                err.println("shelf-agent: no load-cell lane to calibrate" + (onlyLanes.isEmpty() ? ""
                        : " among " + onlyLanes) + " (simulated lanes need no calibration)");
                return 2;
            }
            out.println("Calibrating " + lanes.size() + " lane(s). Answer each question and press Enter; q quits"
                    + " without saving.");
            for (AgentConfig.Lane lane : lanes) {
                AgentConfig.Calibration c = calibrateLane(lane, hw.loadCells().get(lane.id()), in, out);
                if (c != null) {
                    done.put(lane.id(), c);
                }
            }
        } catch (HardwareUnavailableException e) {
            err.println("shelf-agent: " + e.getMessage());
            return 1;
        } catch (Quit q) {
            out.println();
            out.println("Stopped; " + configFile + " is unchanged.");
            return 1;
        }
        if (done.isEmpty()) {
            out.println("No lane was calibrated; " + configFile + " is unchanged.");
            return 1;
        }
        AgentConfig.saveCalibrations(configFile, done);
        out.println("Saved the calibration of lane(s) " + String.join(", ", done.keySet()) + " to " + configFile
                + ". Restart the agent: sudo systemctl restart ssk-agent");
        return 0;
    }

    /** One lane's dialogue; null when the technician skipped it or the sensor failed. */
    private AgentConfig.Calibration calibrateLane(AgentConfig.Lane lane, LoadCell cell, BufferedReader in,
                                                  PrintWriter out) throws IOException, Quit {
        out.println();
        out.println("Lane " + lane.id() + " (" + cell.describe() + ")");
        String answer = ask(in, out, "  1/2 Empty the tray completely, then press Enter (s skips this lane): ");
        if (answer.equalsIgnoreCase("s")) {
            out.println("  skipped");
            return null;
        }
        try {
            Calibrator.Stats empty = measure(cell, out, "taring");
            out.printf(Locale.ROOT, "  zero at %.0f counts, noise %.1f counts%n", empty.mean(), empty.sd());
            double grams = askGrams(in, out);
            Calibrator.Stats loaded = measure(cell, out, "weighing");
            AgentConfig.Calibration c = Calibrator.calibration(empty, loaded, grams,
                    lane.calibration().capacityGrams(), clock.instant());
            out.printf(Locale.ROOT, "  %.2f counts per gram; the weight now reads %.1f g (noise %.2f g)%n",
                    c.countsPerGram(), c.grams(Math.round(loaded.mean())), loaded.sd() / Math.abs(c.countsPerGram()));
            return c;
        } catch (SensorException e) {
            out.println("  FAILED: " + e.getMessage());
            out.println("  Lane " + lane.id() + " keeps its old calibration.");
            return null;
        } catch (Calibrator.CalibrationException e) {
            out.println("  FAILED: " + e.getMessage());
            out.println("  Lane " + lane.id() + " keeps its old calibration; run calibrate again for it.");
            return null;
        }
    }

    private double askGrams(BufferedReader in, PrintWriter out) throws IOException, Quit {
        while (true) {
            String a = ask(in, out, "  2/2 Put a known weight on the tray and type its mass in grams (e.g. 500): ");
            try {
                double g = Double.parseDouble(a.replace(",", ".").replaceAll("(?i)\\s*g$", ""));
                if (g > 0 && Double.isFinite(g)) {
                    return g;
                }
            } catch (NumberFormatException e) {
                // asked again below
            }
            out.println("  '" + a + "' is not a mass in grams; type a number such as 500 or 1000.5");
        }
    }

    private Calibrator.Stats measure(LoadCell cell, PrintWriter out, String what) throws SensorException {
        out.print("  " + what + " ");
        out.flush();
        int dotEvery = Math.max(1, samples / 10);
        Calibrator.Stats s = Calibrator.measure(cell, samples, i -> {
            if (i % dotEvery == 0) {
                out.print('.');
                out.flush();
            }
        });
        out.println(" done (" + samples + " readings)");
        return s;
    }

    private static String ask(BufferedReader in, PrintWriter out, String prompt) throws IOException, Quit {
        out.print(prompt);
        out.flush();
        String line = in.readLine();
        if (line == null || line.trim().equalsIgnoreCase("q")) {
            throw new Quit();
        }
        return line.trim();
    }
}
