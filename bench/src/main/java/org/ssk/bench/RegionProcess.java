package org.ssk.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The region server as deployed: {@code org.ssk.region.Main serve} in a JVM of its own (the
 * bench's class path, this JVM's {@code java}) on a free loopback port over the given database,
 * so its allocation and GC are not the measured hub's, as on a real region machine. Started by
 * {@link #start}, which returns once it listens; stopped (SIGTERM, then SIGKILL) by {@link #close}.
 */
final class RegionProcess implements AutoCloseable {
    private final Process process;
    private final String baseUrl;

    private RegionProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** {@code nice}: the region JVM's niceness (0: as this one). */
    static RegionProcess start(String databaseUrl, int nice) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>();
        if (nice != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(nice)));
        }
        command.addAll(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.ssk.region.Main", "serve", "--http-port", "0", "--db-url", databaseUrl));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SSK_REGION_HTTP_HOST", "127.0.0.1");
        Process p = pb.start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        // Reads the server's output to the end (so it never blocks on a full pipe); the line naming its port starts the run.
        Thread.ofPlatform().daemon().name("region-server-out").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder early = new StringBuilder();
                while ((line = r.readLine()) != null) {
                    if (!listening.isDone()) {
                        early.append(line).append('\n');
                        int at = line.indexOf("listening on ");
                        if (at >= 0) {
                            listening.complete(line.substring(at + "listening on ".length()).trim());
                        }
                    }
                }
                listening.completeExceptionally(new IllegalStateException("region-server ended: " + early));
            } catch (java.io.IOException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            return new RegionProcess(p, listening.get(120, TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("the region server did not say it was listening within 120 s" + (nice == 0
                    ? "" : " (at nice " + nice + " it gets no CPU while other processes keep every core busy:"
                    + " try --region-nice 0)"), e);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /**
     * Gives a {@link LocalPostgres}'s server and every process it has forked so far (and so every
     * backend it forks later) the niceness {@code nice}.
     */
    static void renice(org.ssk.region.LocalPostgres pg, int nice) throws Exception {
        long pid = Long.parseLong(java.nio.file.Files.readAllLines(pg.dir().resolve("data/postmaster.pid")).get(0).trim());
        List<String> command = new java.util.ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p",
                Long.toString(pid)));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("renice of the region's PostgreSQL failed: " + command);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
