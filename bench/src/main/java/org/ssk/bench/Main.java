package org.ssk.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bench}: the project's benchmarks. Each subcommand prints the command line that produced
 * its figures and a table; nothing here is run by {@code mvn verify}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Latency, throughput and footprint benchmarks of the hub.",
        subcommands = {LiftLatencyCommand.class, IngestCommand.class, ReportCommand.class, RestFuzzCommand.class,
                RegionIngestCommand.class, RegionReportCommand.class, RegionFailoverCommand.class,
                RegionCatchupCommand.class})
public final class Main {
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Where in the bench it failed: the first frame of ours (the benches are not libraries).
            String at = java.util.Arrays.stream(e.getStackTrace()).filter(f -> f.getClassName().startsWith("org.ssk"))
                    .limit(3).map(String::valueOf).reduce((a, b) -> a + " < " + b).map(f -> " (at " + f + ")").orElse("");
            cmd.getErr().println("bench: " + (e.getMessage() == null ? e.toString() : e.getMessage()) + at);
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
