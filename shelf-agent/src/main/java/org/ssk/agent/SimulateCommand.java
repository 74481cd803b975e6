package org.ssk.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.config.ConfigException;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.protocol.Codec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shelf-agent simulate --shelf S1 --broker tcp://127.0.0.1:1883 --lanes 4}: a whole agent on
 * a {@link SimulatedShelf}, with no config file, for demos, tests and the footprint bench. The
 * lanes are either a count (generic 500 g items, 8 per lane) or a list {@code sku:grams:qty,...}.
 * With {@code --print-events} every event is printed as {@code stored <json>} once it is safely in
 * the outbox, so a test can check that nothing it saw stored was lost.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the agent on a simulated shelf and publish its events.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--shelf", required = true, description = "Shelf id.")
    String shelf;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker URL (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--lanes", defaultValue = "4", paramLabel = "N|sku:grams:qty,...",
            description = "Lane count, or lanes as sku:unit_grams:initial_qty separated by commas (default: ${DEFAULT-VALUE}).")
    String lanes;

    @Option(names = "--sps", defaultValue = "80", description = "Samples per second per lane: 10, 80 or 320 (default: ${DEFAULT-VALUE}).")
    int sps;

    @Option(names = "--data-dir", description = "Outbox folder (default: <tmp>/ssk-sim-<shelf>).")
    Path dataDir;

    @Option(names = "--activity", defaultValue = "random", description = "idle, random or scripted (default: ${DEFAULT-VALUE}).")
    String activity;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--speed", defaultValue = "1", description = "Shelf seconds per wall second (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--script-period-ms", defaultValue = "2000", description = "Shelf ms between scripted actions.")
    long scriptPeriodMs;

    @Option(names = "--telemetry-interval-ms", defaultValue = "5000")
    long telemetryIntervalMs;

    @Option(names = "--reconnect-max-ms", defaultValue = "30000", description = "Longest wait between reconnects.")
    long reconnectMaxMs;

    @Option(names = "--duration-s", description = "Stop after this many seconds (default: run until stopped).")
    Long durationS;

    @Option(names = "--print-events", description = "Print each event as `stored <json>` once it is in the outbox.")
    boolean printEvents;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        SimulatedShelf.Activity act;
        try {
            act = SimulatedShelf.Activity.valueOf(activity.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("shelf-agent: --activity must be idle, random or scripted, was " + activity);
            return 2;
        }
        AgentConfig config;
        try {
            config = config();
            config.validate();
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("shelf-agent: " + e.getMessage());
            return 2;
        }
        SimulatedShelf shelfSim = ShelfAgent.simulatedShelf(config, new SimulatedShelf.Options(seed, speed, act, 1.0,
                scriptPeriodMs));
        ShelfAgent.Options options = ShelfAgent.Options.defaults()
                .withReconnect(Math.min(500, reconnectMaxMs), reconnectMaxMs);
        if (printEvents) {
            options = options.withOnStored(e -> {
                out.println("stored " + Codec.encodeToString(e));
                out.flush();
            });
        }
        ShelfAgent agent = ShelfAgent.start(config, shelfSim, ShelfAgent.standardDetector(config), options);
        out.println("started shelf=" + shelf + " epoch=" + agent.epoch() + " last_seq=" + agent.lastSeq()
                + " pending=" + agent.outboxPending());
        out.flush();
        return RunCommand.runUntilStopped(agent, durationS == null ? null : Duration.ofSeconds(durationS), err);
    }

    private AgentConfig config() throws ConfigException {
        List<AgentConfig.Lane> ls = new ArrayList<>();
        AgentConfig.Sensor sim = new AgentConfig.Sensor("simulated", null, null, null, null, null);
        if (lanes.matches("\\d{1,2}")) {
            int n = Integer.parseInt(lanes);
            for (int i = 1; i <= n; i++) {
                ls.add(new AgentConfig.Lane(Integer.toString(i), sim, new AgentConfig.Calibration(0, 1, 10_000),
                        "sim-item-" + i, 500.0, 8));
            }
        } else {
            String[] parts = lanes.split(",");
            for (int i = 0; i < parts.length; i++) {
                String[] f = parts[i].trim().split(":");
                if (f.length != 3) {
                    throw new ConfigException(List.of("--lanes: expected sku:grams:qty, was " + parts[i]));
                }
                try {
                    double grams = Double.parseDouble(f[1]);
                    int qty = Integer.parseInt(f[2]);
                    double capacity = Math.max(5_000, grams * (qty + 4));
                    ls.add(new AgentConfig.Lane(Integer.toString(i + 1), sim,
                            new AgentConfig.Calibration(0, 1, capacity), f[0], grams, qty));
                } catch (NumberFormatException e) {
                    throw new ConfigException(List.of("--lanes: grams and qty must be numbers in " + parts[i]));
                }
            }
        }
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"), "ssk-sim-" + shelf);
        return new AgentConfig(shelf, new AgentConfig.Broker(broker, null, null), dir.toString(), sps,
                telemetryIntervalMs, ls, null, null, null);
    }
}
