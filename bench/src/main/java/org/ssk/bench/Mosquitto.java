package org.ssk.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto on a free port ({@code /usr/sbin/mosquitto}, or {@code SSK_MOSQUITTO}), so a
 * bench or test never shares the machine's broker. {@link #stop} kills it (SIGKILL when
 * {@code hard}); {@link #restart} starts it again on the same port.
 */
public final class Mosquitto implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final String extraConfig;
    private Process process;

    private Mosquitto(Path dir, int port, String extraConfig) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
    }

    public static Mosquitto start(Path dir) throws IOException, InterruptedException {
        return start(dir, "");
    }

    /** As {@link #start(Path)}, with {@code extraConfig} lines appended to mosquitto.conf. */
    public static Mosquitto start(Path dir, String extraConfig) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Mosquitto m = new Mosquitto(dir, port, extraConfig);
        m.restart();
        return m;
    }

    public int port() {
        return port;
    }

    public void restart() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        // Mosquitto's defaults except the listener, an unbounded queue for the hub's persistent
        // session (a burst must not be dropped by the broker while the hub catches up) and, as in
        // deploy/hub/mosquitto/ssk.conf, no Nagle delay on small packets.
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n"
                + "set_tcp_nodelay true\n"
                + "persistence_location " + dir.toAbsolutePath() + "/\n"
                // Started as root, Mosquitto drops to the user "mosquitto", which cannot write into a
                // private temp dir: its sessions would silently not survive a restart (ignored when not root).
                + "user root\n" + extraConfig);
        String exe = System.getenv().getOrDefault("SSK_MOSQUITTO", "/usr/sbin/mosquitto");
        process = new ProcessBuilder(exe, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited: see " + dir.resolve("mosquitto.log"));
                }
                process.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    public void stop(boolean hard) throws InterruptedException {
        if (process != null && process.isAlive()) {
            if (hard) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(false);
    }
}
