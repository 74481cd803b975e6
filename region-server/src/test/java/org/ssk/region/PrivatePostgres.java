package org.ssk.region;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tests' own PostgreSQL: a {@link LocalPostgres} (Debian's {@code initdb}/{@code pg_ctl} on a
 * free loopback port in a temporary directory, never the machine's 5432). One server serves every
 * test class of the test JVM, started by the first {@link #start()}: each class works in fresh
 * databases of its own ({@link #newDatabase()}), so it starts empty, without an {@code initdb} and
 * a server start per class. {@link #close()} leaves it running for the other classes; a shutdown
 * hook stops it and removes its directory when the test JVM ends. Thread-safe.
 */
public final class PrivatePostgres implements AutoCloseable {
    private static PrivatePostgres shared;
    private final LocalPostgres pg;

    private PrivatePostgres(LocalPostgres pg) {
        this.pg = pg;
    }

    /** The test JVM's server, started on first use. */
    public static synchronized PrivatePostgres start() throws Exception {
        if (shared == null || !shared.pg.running()) {
            LocalPostgres pg = LocalPostgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
            shared = new PrivatePostgres(pg);
        }
        return shared;
    }

    /** A URL for a fresh database on this server, so each test class starts empty. */
    public String newDatabase() throws Exception {
        return pg.newDatabase();
    }

    public String url(String database) {
        return pg.url(database);
    }

    public int port() {
        return pg.port();
    }

    /** Nothing: other test classes of this JVM may still use the server (the shutdown hook stops it). */
    @Override
    public void close() {
    }

    static int freePort() throws IOException {
        return LocalPostgres.freePort();
    }

    static void deleteTree(Path root) {
        LocalPostgres.deleteTree(root);
    }
}
