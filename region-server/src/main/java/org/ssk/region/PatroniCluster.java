package org.ssk.region;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A Patroni cluster of three PostgreSQL nodes and one etcd on loopback, for the failover tests and
 * the bench's failover run (main code so that {@code bench} can use it): Debian's
 * {@code patroni} and {@code etcd} on free ports in a fresh temporary directory, synchronous mode
 * on (a commit is acknowledged only once a standby has it, so a failover loses nothing
 * acknowledged), an 8 s leader TTL (Patroni's rule loop_wait + 2 retry_timeout <= ttl: 1 + 2 * 3),
 * replicas cloned from the first node with {@code pg_basebackup --checkpoint=fast} (no waiting for
 * a spread checkpoint). {@link #killLeader()} SIGKILLs the leader's Patroni and
 * PostgreSQL at once. Everything is killed by {@link #close()} and by a shutdown hook. As root,
 * Patroni runs as user {@code postgres} (PostgreSQL refuses root).
 */
public final class PatroniCluster implements AutoCloseable {
    private static final String PG_BIN = System.getenv().getOrDefault("SSK_PG_BIN", "/usr/lib/postgresql/15/bin");
    private final Path dir;
    private final int[] pgPorts = new int[3];
    private final int[] restPorts = new int[3];
    private final Process[] nodes = new Process[3];
    private Process etcd;
    private final Thread hook = new Thread(this::killAll);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PatroniCluster(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static PatroniCluster start() throws Exception {
        PatroniCluster c = new PatroniCluster(Files.createTempDirectory("ssk-region-patroni-"));
        c.launch();
        return c;
    }

    private void launch() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            new ProcessBuilder("chown", "postgres", dir.toString()).inheritIO().start().waitFor();
        }
        int client = LocalPostgres.freePort();
        int peer = LocalPostgres.freePort();
        etcd = new ProcessBuilder("etcd", "--name", "e1", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls",
                "http://127.0.0.1:" + client, "--listen-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer, "--initial-cluster",
                "e1=http://127.0.0.1:" + peer).redirectErrorStream(true)
                .redirectOutput(dir.resolve("etcd.log").toFile()).start();
        for (int i = 0; i < 3; i++) {
            pgPorts[i] = LocalPostgres.freePort();
            restPorts[i] = LocalPostgres.freePort();
            Path yml = dir.resolve("pg" + i + ".yml");
            Files.writeString(yml, config(i, client));
            List<String> cmd = new ArrayList<>();
            if (root) {
                cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
            }
            cmd.addAll(List.of("patroni", yml.toString()));
            nodes[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("patroni" + i + ".log").toFile()).start();
        }
    }

    private String config(int i, int etcdPort) {
        return """
                scope: ssk-region-test
                name: pg%1$d
                restapi:
                  listen: 127.0.0.1:%2$d
                  connect_address: 127.0.0.1:%2$d
                etcd3:
                  hosts: 127.0.0.1:%3$d
                bootstrap:
                  dcs:
                    ttl: 8
                    loop_wait: 1
                    retry_timeout: 3
                    synchronous_mode: true
                    postgresql:
                      use_pg_rewind: true
                      parameters:
                        fsync: 'off'
                  initdb:
                  - encoding: UTF8
                  pg_hba:
                  - host all all 127.0.0.1/32 trust
                  - host replication all 127.0.0.1/32 trust
                  - local all all trust
                postgresql:
                  remove_data_directory_on_rewind_failure: true
                  remove_data_directory_on_diverged_timelines: true
                  listen: 127.0.0.1:%4$d
                  connect_address: 127.0.0.1:%4$d
                  data_dir: %5$s/pg%1$d
                  bin_dir: %6$s
                  pgpass: %5$s/pgpass%1$d
                  basebackup:
                  - checkpoint: fast
                  - no-sync
                  authentication:
                    replication:
                      username: replicator
                      password: test-only-replication
                    superuser:
                      username: postgres
                      password: test-only-superuser
                  parameters:
                    unix_socket_directories: %5$s
                    max_connections: 200
                """.formatted(i, restPorts[i], etcdPort, pgPorts[i], dir, PG_BIN);
    }

    /** The multi-host JDBC URL the region uses, as in production: whichever node is primary. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + pgPorts[0] + ",127.0.0.1:" + pgPorts[1] + ",127.0.0.1:" + pgPorts[2]
                + "/postgres?user=postgres&targetServerType=primary&connectTimeout=3&socketTimeout=60";
    }

    private boolean answers200(int node, String path) {
        if (nodes[node] == null || !nodes[node].isAlive()) {
            return false;
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPorts[node] + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The node that is primary now, if any (Patroni's REST {@code /primary}). */
    public OptionalInt leader() {
        for (int i = 0; i < 3; i++) {
            if (answers200(i, "/primary")) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The last {@code lines} lines of each node's Patroni log (and etcd's), for a test's failure message. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("patroni0.log", "patroni1.log", "patroni2.log", "etcd.log")) {
            out.append("---- ").append(name).append(" (last ").append(lines).append(" lines)\n");
            try {
                List<String> all = Files.readAllLines(dir.resolve(name), java.nio.charset.StandardCharsets.UTF_8);
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | java.io.UncheckedIOException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    /** True when a primary and a synchronous standby are up. */
    public boolean readyWithSyncStandby() {
        if (leader().isEmpty()) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (answers200(i, "/sync")) {
                return true;
            }
        }
        return false;
    }

    /** SIGKILLs the leader node: its Patroni and its PostgreSQL with every backend. Returns its index. */
    public int killLeader() {
        int i = leader().orElseThrow(() -> new IllegalStateException("no leader to kill"));
        killAndWait(processesOf(i));
        nodes[i] = null;
        return i;
    }

    /**
     * Node {@code i}'s Patroni with its descendants and, as it may run detached from Patroni, the
     * postmaster its data directory names (only while the node was not killed: a killed postmaster
     * leaves its pid file behind, and the number may belong to another process by now).
     */
    private List<ProcessHandle> processesOf(int i) {
        if (nodes[i] == null) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>(nodes[i].descendants().toList());
        all.add(nodes[i].toHandle());
        try {
            Path pid = dir.resolve("pg" + i).resolve("postmaster.pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
                        .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                        .ifPresent(all::add);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot read node " + i + "'s postmaster.pid: " + e);
        }
        return all;
    }

    /** SIGKILL to all at once, then waits (at most 30 s) until each is gone. */
    private static void killAndWait(List<ProcessHandle> all) {
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.addAll(processesOf(i));
            nodes[i] = null;
        }
        if (etcd != null) {
            all.addAll(etcd.descendants().toList());
            all.add(etcd.toHandle());
            etcd = null;
        }
        killAndWait(all);
    }

    @Override
    public void close() {
        long t0 = System.nanoTime();
        killAll();
        long killed = System.nanoTime();
        LocalPostgres.deleteTree(dir);
        System.out.printf("PatroniCluster.close: processes killed in %.1f s, directory removed in %.1f s%n",
                (killed - t0) / 1e9, (System.nanoTime() - killed) / 1e9);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }
}
