package org.ssk.agent;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The shelf agent's command line. Subcommands: {@code replay} (detect over a recorded trace),
 * {@code run} (the agent), {@code simulate} (the agent on a simulated shelf), {@code bench-footprint}, {@code bench-outbox},
 * {@code check} (the sensors' live readings), {@code calibrate} (tare and scale each lane).
 * Exit status 0 on success, 1 on a runtime error (with a one-line reason), 2 on bad usage.
 */
@Command(name = "shelf-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Smart-shelf agent: reads a shelf's sensors, detects picks and put-backs, publishes them.",
        subcommands = {ReplayCommand.class, RunCommand.class, SimulateCommand.class, CheckCommand.class,
            CalibrateCommand.class, BenchDetectorCommand.class, BenchFootprintCommand.class, BenchOutboxCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it to run subcommands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("shelf-agent: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"shelf-agent " + (v == null ? "dev" : v)};
        }
    }
}
