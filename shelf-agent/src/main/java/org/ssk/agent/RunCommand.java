package org.ssk.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ssk.agent.config.AgentConfig;
import org.ssk.agent.config.ConfigException;
import org.ssk.agent.source.SensorSource;
import org.ssk.agent.source.SimulatedShelf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code shelf-agent run --config agent.json}: the agent as it runs on a shelf, until SIGTERM.
 * Lanes whose sensor type is {@code simulated} run on a {@link SimulatedShelf} with random visitors;
 * load-cell lanes ({@code hx711}, {@code nau7802}) need the hardware sensor source, which this build
 * does not have yet, so such a config is refused with a message saying so.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the shelf agent: read sensors, detect events, publish them to the hub.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "agent.json", description = "The agent's config file.")
    Path configFile;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of a simulated shelf (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config;
        try {
            config = AgentConfig.load(configFile, System.getenv());
        } catch (ConfigException e) {
            err.println("shelf-agent: " + e.getMessage());
            return 2;
        }
        Set<String> types = new LinkedHashSet<>();
        config.lanes().forEach(l -> types.add(l.sensor().type()));
        if (!types.equals(Set.of("simulated"))) {
            err.println("shelf-agent: lanes use sensor types " + types + "; this build can only run lanes of type"
                    + " \"simulated\": the hardware sensor source (HX711/NAU7802 on Pi4J) is not part of it yet."
                    + " Use `shelf-agent simulate` or set every lane's sensor.type to \"simulated\".");
            return 2;
        }
        SensorSource source = ShelfAgent.simulatedShelf(config, SimulatedShelf.Options.defaults().withSeed(seed));
        ShelfAgent agent = ShelfAgent.start(config, source, ShelfAgent.standardDetector(config));
        return runUntilStopped(agent, null, err);
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
