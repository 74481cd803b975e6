package org.ssk.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.driver.HardwareOpener;
import org.ssk.agent.driver.HardwareSensorSource;
import org.ssk.agent.driver.HardwareUnavailableException;
import org.ssk.agent.source.SensorSource;
import org.ssk.agent.source.SimulatedShelf;
import org.ssk.agent.time.ShelfClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shelf-agent run --config agent.json}: the agent as it runs on a shelf, until SIGTERM.
 * Load-cell lanes ({@code hx711}, {@code nau7802}) are read by the {@link HardwareSensorSource} on
 * the drivers the config describes (opened through a {@link HardwareOpener}: the Pi's, or a fake
 * shelf in tests); a config whose lanes are all {@code simulated} runs on a {@link SimulatedShelf}
 * with random visitors. A shelf mixing both is refused.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the shelf agent: read sensors, detect events, publish them to the hub.")
final class RunCommand implements Callable<Integer> {
    private final HardwareOpener opener;

    public RunCommand() {
        this(HardwareOpener.PI);
    }

    /** With the drivers of a fake shelf, for tests. */
    public RunCommand(HardwareOpener opener) {
        this.opener = opener;
    }

    @Option(names = "--config", required = true, paramLabel = "agent.json", description = "The agent's config file.")
    Path configFile;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of a simulated shelf (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration-s", description = "Stop after this many seconds (default: run until stopped).")
    Long durationS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config = AgentConfig.loadOrExplain(configFile, System.getenv(), err).orElse(null);
        if (config == null) {
            return 2;
        }
        Set<String> types = new LinkedHashSet<>();
        config.lanes().forEach(l -> types.add(l.sensor().type()));
        // One clock for the source's sample times and the agent's event times (see ShelfClock).
        ShelfClock clock = ShelfClock.system();
        SensorSource source;
        if (types.equals(Set.of("simulated"))) {
            source = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults().withSeed(seed));
        } else if (!types.contains("simulated")) {
            try {
                source = new HardwareSensorSource(config, opener.open(config), clock);
            } catch (HardwareUnavailableException e) {
                err.println("shelf-agent: " + e.getMessage());
                return 1;
            }
        } else {
            err.println("shelf-agent: lanes use sensor types " + types + "; a shelf is either all \"simulated\""
                    + " or all load cells (hx711, nau7802)");
            return 2;
        }
        ShelfAgent agent;
        try {
            agent = ShelfAgent.start(config, source, ShelfAgent.standardDetector(config),
                    ShelfAgent.Options.defaults().withClock(clock));
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
        return runUntilStopped(agent, durationS == null ? null : Duration.ofSeconds(durationS), err);
    }

    /**
     * Keeps the agent running until its source ends, {@code duration} passes (null: forever) or the
     * JVM is asked to stop (SIGTERM/SIGINT), and stops it cleanly. Exit status 1 if the run loop failed.
     */
    static int runUntilStopped(ShelfAgent agent, Duration duration, PrintWriter err) throws InterruptedException {
        Thread hook = new Thread(agent::close, "ssk-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        agent.awaitEnd(duration == null ? Duration.ofDays(365_000) : duration);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook closes the agent.
            return 0;
        }
        agent.close();
        if (agent.failure().isPresent()) {
            err.println("shelf-agent: " + agent.failure().get().getMessage());
            return 1;
        }
        return 0;
    }
}
