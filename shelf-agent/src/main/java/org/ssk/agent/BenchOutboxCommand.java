package org.ssk.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ssk.agent.outbox.Outbox;
import org.ssk.protocol.Pick;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shelf-agent bench-outbox}: what durability costs on this disk. Appends events one by one
 * (each an fsynced SQLite transaction, as the run loop does) and removes them in batches of the
 * in-flight window (as PUBACKs are recorded), and prints latency percentiles and rates. Run it with
 * {@code --data-dir} on the shelf's SD card to see the real figure there.
 */
@Command(name = "bench-outbox", mixinStandardHelpOptions = true,
        description = "Measure the outbox's durable append and removal on this disk.")
final class BenchOutboxCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "Where to create the test outbox (default: a temporary folder).")
    Path dataDir;

    @Option(names = "--events", defaultValue = "2000")
    int events;

    @Option(names = "--batch", defaultValue = "16", description = "Events removed per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory(dataDir == null ? Path.of(System.getProperty("java.io.tmpdir"))
                : Files.createDirectories(dataDir), "ssk-bench-outbox-");
        long[] append = new long[events];
        List<Long> remove = new ArrayList<>();
        long t0;
        long appendWall;
        long removeWall;
        try (Outbox o = Outbox.open(dir, Integer.MAX_VALUE)) {
            t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long s = System.nanoTime();
                o.append(new Pick("BENCH", o.epoch(), i + 1, System.currentTimeMillis(), "1", "dy-rice-2500", 1, 2508.4));
                append[i] = System.nanoTime() - s;
            }
            appendWall = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 1; i <= events; i += batch) {
                List<Long> seqs = new ArrayList<>();
                for (long s = i; s < i + batch && s <= events; s++) {
                    seqs.add(s);
                }
                long s = System.nanoTime();
                o.remove(seqs);
                remove.add(System.nanoTime() - s);
            }
            removeWall = System.nanoTime() - t0;
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        long[] rem = remove.stream().mapToLong(Long::longValue).toArray();
        out.printf("Outbox on %s (%d events; removal in batches of %d)%n", dataDir == null ? "the temp folder" : dataDir,
                events, batch);
        out.println("| operation | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | events/s |");
        out.println("|---|---:|---:|---:|---:|---:|");
        out.println(row("append (1 event, fsync)", append, events * 1e9 / appendWall));
        out.println(row("remove (" + batch + " events, fsync)", rem, events * 1e9 / removeWall));
        out.flush();
        return 0;
    }

    private static String row(String name, long[] nanos, double rate) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.0f |", name, pct(s, 50), pct(s, 95),
                pct(s, 99), s[s.length - 1] / 1e6, rate);
    }

    private static double pct(long[] sorted, int p) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
