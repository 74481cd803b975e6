package org.ssk.region;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of its own for the region demo and the region's tests: Debian's {@code initdb}/{@code pg_ctl} (from
 * {@code /usr/lib/postgresql/15/bin}) on a free loopback port in a temporary directory, never the
 * machine's 5432. Stopped by {@link #close()} and, should the JVM end first, by a shutdown hook.
 * When the tests run as root the server runs as the {@code postgres} user (PostgreSQL refuses root).
 */
public final class LocalPostgres implements AutoCloseable {
    private static final Path BIN = Path.of(System.getenv().getOrDefault("SSK_PG_BIN", "/usr/lib/postgresql/15/bin"));

    private final Path dir;
    private final int port;
    private final Thread hook;

    private LocalPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.hook = new Thread(this::stop);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static LocalPostgres start() throws Exception {
        return start(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #start()}, its folder made in {@code parent} (a benchmark puts it on a disk of its own, or in memory). */
    public static LocalPostgres start(Path parent) throws Exception {
        Path dir = Files.createTempDirectory(parent, "ssk-region-pg-");
        int port = freePort();
        LocalPostgres pg = new LocalPostgres(dir, port);
        if (asRoot()) {
            run(List.of("chown", "postgres", dir.toString()));
        }
        pg.runAsPostgres(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"));
        pg.runAsPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w",
                "-t", "60", "-l", dir.resolve("log").toString(), "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=on -c max_connections=200", "start"));
        return pg;
    }

    /** A URL for a fresh database on this server (each test class, or the demo's region, starts empty). */
    public String newDatabase() throws Exception {
        String name = "region_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
        deleteTree(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    /** Whether the server still runs (its postmaster's pid file is there and that process is alive). */
    public boolean running() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The server's folder (data and log), removed by {@link #close()}. */
    public Path dir() {
        return dir;
    }

    private synchronized void stop() {
        if (!Files.exists(dir.resolve("data/postmaster.pid"))) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
            runAsPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
                    "immediate", "-w", "stop"));
            // pg_ctl returns once the pid file is gone, which the postmaster removes just before it
            // exits: wait for the process itself, so that "stopped" means no process left.
            java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isPresent()) {
                postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("stopping the PostgreSQL in " + dir + " failed: " + e.getMessage());
        }
    }

    private void runAsPostgres(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Removes the temporary directory once its processes are gone; what cannot be removed stays for a look. */
    public static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("left " + root + ": " + e.getMessage());
        }
    }
}
