package org.ssk.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shelf-agent bench-footprint}: how much memory and CPU the agent needs. For each sample
 * rate it runs {@code shelf-agent simulate} (random visitors, 8 lanes by default) in a child JVM
 * with a small heap against a broker, lets it warm up, then reads the child's resident memory
 * ({@code VmRSS} in {@code /proc/PID/status}) every second and its CPU time ({@code utime + stime}
 * in {@code /proc/PID/stat}) at both ends of the window, and prints a table with the command that
 * made it. Linux only. Without {@code --broker} it starts a private Mosquitto on a free port.
 */
@Command(name = "bench-footprint", mixinStandardHelpOptions = true,
        description = "Measure the agent's resident memory and CPU on a simulated shelf (Linux).")
final class BenchFootprintCommand implements Callable<Integer> {
    /** Linux's USER_HZ, the unit of utime/stime in /proc/PID/stat, is 100 on every usual kernel. */
    private static final double CLOCK_TICKS_PER_S = 100;

    @Option(names = "--broker", description = "Broker URL (default: a private mosquitto on a free port).")
    String broker;

    @Option(names = "--mosquitto", defaultValue = "/usr/sbin/mosquitto", description = "Mosquitto binary for the private broker.")
    String mosquitto;

    @Option(names = "--lanes", defaultValue = "8")
    int lanes;

    @Option(names = "--sps", split = ",", defaultValue = "80,320", description = "Sample rates to run (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--warmup-s", defaultValue = "10")
    int warmupS;

    @Option(names = "--seconds", defaultValue = "30", description = "Measuring window per rate (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--jvm-opts", defaultValue = "-Xmx48m", description = "Child JVM options (default: ${DEFAULT-VALUE}).")
    String jvmOpts;

    @Spec
    CommandSpec spec;

    private record Row(int lanes, int sps, int seconds, double rssAvgMiB, double rssMaxMiB, double cpuPct,
                       long events) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            err.println("shelf-agent: bench-footprint needs Linux /proc");
            return 1;
        }
        Process privateBroker = null;
        String url = broker;
        if (url == null) {
            int port = freePort();
            privateBroker = new ProcessBuilder(mosquitto, "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            url = "tcp://127.0.0.1:" + port;
        }
        List<Row> rows = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        try {
            for (int sps : rates) {
                Path data = Files.createTempDirectory("ssk-bench-");
                try {
                    List<String> cmd = childCommand(url, sps, data);
                    commands.add(String.join(" ", cmd));
                    rows.add(measure(cmd, sps));
                } finally {
                    deleteTree(data);
                }
            }
        } finally {
            if (privateBroker != null) {
                privateBroker.destroy();
                privateBroker.waitFor(5, TimeUnit.SECONDS);
            }
        }
        out.printf("Agent footprint, %d s window after %d s warm-up, broker %s%n", seconds, warmupS,
                broker == null ? "private mosquitto" : broker);
        for (String c : commands) {
            out.println("  $ " + c);
        }
        out.println("| lanes | sps | seconds | RSS avg (MiB) | RSS max (MiB) | CPU (% of one core) | events |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %.1f | %d |", r.lanes(), r.sps(),
                    r.seconds(), r.rssAvgMiB(), r.rssMaxMiB(), r.cpuPct(), r.events()));
        }
        out.flush();
        return 0;
    }

    private List<String> childCommand(String url, int sps, Path data) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String o : jvmOpts.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "simulate",
                "--shelf", "bench" + sps, "--broker", url, "--lanes", Integer.toString(lanes), "--sps",
                Integer.toString(sps), "--activity", "random", "--telemetry-interval-ms", "5000",
                "--data-dir", data.toString(), "--print-events"));
        return cmd;
    }

    private Row measure(List<String> cmd, int sps) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong events = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("stored ")) {
                        events.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // Expected when the child is stopped and its pipe closes: the count so far is the count.
            }
        }, "bench-child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            TimeUnit.SECONDS.sleep(warmupS);
            if (!p.isAlive()) {
                throw new IOException("the agent exited during warm-up with status " + p.exitValue());
            }
            long pid = p.pid();
            long events0 = events.get();
            long cpu0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            double rssSum = 0;
            double rssMax = 0;
            for (int i = 0; i < seconds; i++) {
                TimeUnit.SECONDS.sleep(1);
                double rss = rssKiB(pid) / 1024.0;
                rssSum += rss;
                rssMax = Math.max(rssMax, rss);
            }
            double cpuS = (cpuTicks(pid) - cpu0) / CLOCK_TICKS_PER_S;
            double wallS = (System.nanoTime() - t0) / 1e9;
            return new Row(lanes, sps, seconds, rssSum / seconds, rssMax, 100 * cpuS / wallS, events.get() - events0);
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
        // utime field 14 and stime field 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
