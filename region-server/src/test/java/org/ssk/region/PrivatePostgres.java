package org.ssk.region;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tests' own PostgreSQL: a {@link LocalPostgres} (Debian's {@code initdb}/{@code pg_ctl} on a
 * free loopback port in a temporary directory, never the machine's 5432), stopped by
 * {@link #close()} and, should the JVM end first, by a shutdown hook.
 */
public final class PrivatePostgres implements AutoCloseable {
    private final LocalPostgres pg;

    private PrivatePostgres(LocalPostgres pg) {
        this.pg = pg;
    }

    public static PrivatePostgres start() throws Exception {
        return new PrivatePostgres(LocalPostgres.start());
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

    @Override
    public void close() {
        pg.close();
    }

    static int freePort() throws IOException {
        return LocalPostgres.freePort();
    }

    static void deleteTree(Path root) {
        LocalPostgres.deleteTree(root);
    }
}
