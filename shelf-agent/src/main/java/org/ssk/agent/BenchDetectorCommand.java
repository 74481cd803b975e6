package org.ssk.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.ssk.agent.detect.Detector;
import org.ssk.agent.detect.LaneSpec;
import org.ssk.agent.detect.NaiveDetector;
import org.ssk.agent.detect.Sample;
import org.ssk.agent.detect.ShelfDetector;
import org.ssk.agent.detect.Tuning;
import org.ssk.agent.trace.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shelf-agent bench-detector DIR}: detector throughput on recorded traces, one thread. All
 * samples are read into memory first, so only detection is timed; each detector runs the whole
 * set {@code --rounds} times after {@code --warmup} rounds, and the best round is reported (the
 * least disturbed by the rest of the machine). Prints a table and the command that made it.
 */
@Command(name = "bench-detector", mixinStandardHelpOptions = true,
        description = "Measure detector throughput (samples per second on one core) over a folder of traces.")
final class BenchDetectorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of STEM.json + STEM.csv traces.")
    Path dir;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmup;

    private record Loaded(List<LaneSpec> lanes, int sps, Sample[] samples, long weightSamples) {
    }

    @Override
    public Integer call() throws IOException {
        List<Loaded> traces = load();
        long weights = traces.stream().mapToLong(Loaded::weightSamples).sum();
        long all = traces.stream().mapToLong(t -> t.samples().length).sum();
        System.out.printf(Locale.ROOT, "%d traces, %,d samples (%,d weight samples)%n%n", traces.size(), all, weights);
        System.out.printf("| detector | best round (ms) | samples/s (one core) | weight samples/s |%n");
        System.out.printf("|---|---:|---:|---:|%n");
        bench("ShelfDetector (production)", traces, (l, sps) -> new ShelfDetector(l, sps, Tuning.standard()));
        bench("NaiveDetector (baseline)", traces, NaiveDetector::new);
        System.out.printf("%ncommand: java -jar shelf-agent/target/shelf-agent.jar bench-detector %s --rounds %d --warmup %d%n",
                dir, rounds, warmup);
        System.out.printf("java %s on %s, %d cores%n", System.getProperty("java.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
        return 0;
    }

    private void bench(String name, List<Loaded> traces, BiFunction<List<LaneSpec>, Integer, Detector> make) {
        long all = traces.stream().mapToLong(t -> t.samples().length).sum();
        long weights = traces.stream().mapToLong(Loaded::weightSamples).sum();
        long best = Long.MAX_VALUE;
        long sink = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            long t0 = System.nanoTime();
            for (Loaded t : traces) {
                Detector d = make.apply(t.lanes(), t.sps());
                for (Sample s : t.samples()) {
                    sink += d.accept(s).size();
                }
            }
            long ns = System.nanoTime() - t0;
            if (r >= warmup) {
                best = Math.min(best, ns);
            }
        }
        double secs = best / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %.0f | %,.0f | %,.0f |%n", name, secs * 1000, all / secs, weights / secs);
        if (sink < 0) {
            System.out.println();
        }
    }

    private List<Loaded> load() throws IOException {
        List<Path> configs;
        try (Stream<Path> s = Files.list(dir)) {
            configs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        if (configs.isEmpty()) {
            throw new IOException("no STEM.json traces in " + dir);
        }
        List<Loaded> out = new ArrayList<>();
        for (Path config : configs) {
            String stem = config.toString().substring(0, config.toString().length() - 5);
            Trace trace = Trace.open(config, Path.of(stem + ".csv"));
            List<Sample> samples = new ArrayList<>();
            try (Trace.Samples it = trace.samples()) {
                it.forEachRemaining(samples::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            long weights = samples.stream().filter(s -> s instanceof Sample.Weight).count();
            out.add(new Loaded(trace.lanes(), trace.sps(), samples.toArray(Sample[]::new), weights));
        }
        return out;
    }
}
