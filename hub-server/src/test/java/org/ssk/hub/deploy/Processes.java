package org.ssk.hub.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes a deployment test starts (broker, hub, agent, scripts), each with its output in a
 * log file under {@code logs}, and all of them ended, children included, by {@link #close}.
 * Not thread-safe: one test class's setup and tests use it in turn.
 */
final class Processes implements AutoCloseable {

    /** What a finished command printed and how it ended. */
    record Result(int exit, String output) {
    }

    private final Path logs;
    private final List<Process> started = new ArrayList<>();

    Processes(Path logs) throws IOException {
        this.logs = Files.createDirectories(logs);
    }

    /** Starts a long-running process; its stdout and stderr go to {@code logs/name.log}. */
    Process start(String name, List<String> argv, Map<String, String> env, Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /**
     * Runs a command to its end (at most {@code timeout}, then it and its children are killed and
     * the test fails) and returns its exit status and output. The output goes to a file, not a
     * pipe, so a command that prints and never ends cannot hold the wait past its timeout.
     */
    Result run(List<String> argv, Map<String, String> env, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(logs, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            started.remove(p);
            throw new AssertionError(argv + " did not finish within " + timeout + ":\n" + Files.readString(out));
        }
        started.remove(p);
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** The log of a started process so far, for failure messages. */
    String log(String name) {
        try {
            return Files.readString(logs.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Waits until something accepts TCP connections on the port, failing early if {@code p} died. */
    void awaitPort(String name, Process p, int port, Duration atMost) {
        await(name + " listening on " + port).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError(name + " exited with " + p.exitValue() + ":\n" + log(name));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** A TCP port nobody listened on a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Ends every started process and its children: politely, then forcibly after 10 s. */
    @Override
    public void close() {
        for (Process p : started.reversed()) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : started.reversed()) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        started.clear();
    }
}
