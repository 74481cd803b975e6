package org.ssk.agent.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto for one test class: its own free port, its own config and persistence folder
 * (so a subscriber's persistent session survives {@link #stop()} and {@link #start()}, as the hub's
 * would on a real broker). Not the shared broker on 1883.
 *
 * <p>A port seen free may be taken by another process before Mosquitto binds it (test classes run
 * in parallel): Mosquitto then exits ("Address already in use") while the other's listener would
 * answer a connect probe. So a start counts only once this process logs that it is running, and
 * {@link #start(Path)} tries another free port when it exited instead (as hub-server's
 * {@code MosquittoPipelineTest} does; the modules share no test code).
 */
public final class Mosquitto implements AutoCloseable {
    private static final int ATTEMPTS = 5;
    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Writes a config in {@code dir} and starts the broker on a free port, another one if that was taken meanwhile. */
    public static Mosquitto start(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("db"));
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Mosquitto m = new Mosquitto(dir, port);
            m.writeConfig();
            String log = m.launch();
            if (log == null) {
                return m;
            }
            if (attempt >= ATTEMPTS) {
                throw new IOException("mosquitto did not start in " + ATTEMPTS + " attempts; it said: " + log);
            }
        }
    }

    private void writeConfig() throws IOException {
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // Started as root, mosquitto would switch to its own user and could not save sessions here.
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir.resolve("db").toAbsolutePath() + "/",
                "max_queued_messages 10000",
                ""));
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Restarts the broker on the same port and waits until it runs; fails when the port was taken meanwhile. */
    public void start() throws IOException {
        String log = launch();
        if (log != null) {
            throw new IOException("mosquitto did not start again on port " + port + "; it said: " + log);
        }
    }

    /**
     * Starts the process and waits until it says it is running (null) or exits (what it logged
     * at this start). Its output is appended to {@code mosquitto.log}, read from where this start began.
     */
    private String launch() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        long from = Files.exists(log) ? Files.size(log) : 0;
        Process p = new ProcessBuilder(binary(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process = p;
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !p.isAlive() || since(log, from).contains(" running"));
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
        if (p.isAlive() && accepting()) {
            return null;
        }
        p.destroyForcibly();
        return since(log, from).strip();
    }

    private static String since(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), all.length - (int) Math.min(from, all.length),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Stops the broker (SIGTERM: it saves sessions) and waits until the port is closed. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
