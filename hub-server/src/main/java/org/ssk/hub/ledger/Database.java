package org.ssk.hub.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * One JDBC database holding the catalog and the ledger: a SQLite file (the default) or a
 * PostgreSQL database. Opening runs the Flyway migrations. {@link #connect()} hands out a new
 * connection per call (the caller closes it); SQLite connections are set up for WAL with full
 * fsync on commit, so a committed transaction survives power loss. Thread-safe.
 */
public final class Database {
    /** Which SQL dialect the URL selects. */
    public enum Dialect {
        SQLITE, POSTGRESQL
    }

    private final String url;
    private final Dialect dialect;
    private final String schema;

    private Database(String url, Dialect dialect, String schema) {
        this.url = url;
        this.dialect = dialect;
        this.schema = schema;
    }

    /** Opens and migrates the database at {@code jdbcUrl} (jdbc:sqlite:FILE or jdbc:postgresql://…). */
    public static Database open(String jdbcUrl) throws SQLException {
        return open(jdbcUrl, null);
    }

    /**
     * Opens and migrates; for PostgreSQL, {@code schema} (created when missing) holds the tables
     * instead of the default one. Tests use it to get a fresh schema per run.
     */
    public static Database open(String jdbcUrl, String schema) throws SQLException {
        Dialect dialect;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            dialect = Dialect.SQLITE;
            Path file = Path.of(jdbcUrl.substring("jdbc:sqlite:".length()));
            try {
                if (!file.toString().isEmpty() && !file.toString().startsWith(":memory:")
                        && !file.toString().startsWith("file:")) {
                    // hub.db and its -wal/-shm (SQLite gives them the database's mode): owner only.
                    org.ssk.hub.PrivateFiles.file(file);
                }
            } catch (java.io.IOException e) {
                throw new SQLException("cannot create the directory of the database file " + file + ": "
                        + e.getMessage(), e);
            }
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
        } else {
            throw new SQLException("unsupported database URL (jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB): "
                    + jdbcUrl);
        }
        Database db = new Database(jdbcUrl, dialect, schema);
        db.migrate();
        return db;
    }

    private void migrate() throws SQLException {
        var config = Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .placeholders(Map.of("id_column", dialect == Dialect.SQLITE
                        ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                        : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"))
                .loggers("slf4j");
        if (schema != null) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        try {
            config.load().migrate();
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new SQLException("database migration failed on " + url + ": " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The PostgreSQL schema holding the tables, or null for the connection's default. */
    public String schema() {
        return schema;
    }

    public String url() {
        return url;
    }

    /**
     * Writes a consistent copy of the SQLite database to {@code target} while the hub keeps running
     * ({@code VACUUM INTO}: one read transaction, writers are not blocked in WAL mode). The copy
     * is a complete SQLite file the hub can be started on. Refuses an existing target; for
     * PostgreSQL use pg_dump, this throws.
     */
    public void backupTo(Path target) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            throw new SQLException("online backup is for the SQLite database; back up PostgreSQL with pg_dump");
        }
        if (Files.exists(target)) {
            throw new SQLException("backup target " + target + " exists already; give a new file name");
        }
        try {
            // Created empty and owner-only first (VACUUM INTO takes an empty file), so the copy is never readable by others.
            org.ssk.hub.PrivateFiles.file(target);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the directory of " + target + ": " + e.getMessage(), e);
        }
        try (Connection c = connect(); java.sql.PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toAbsolutePath().toString());
            ps.execute();
        }
    }

    /**
     * Whether {@code e} says the database cannot write at the moment, whatever was written, as
     * opposed to a statement that is wrong: SQLite's FULL (disk full; also past
     * {@code max_page_count}), READONLY (read-only file or file system, {@code query_only}),
     * IOERR, CANTOPEN, BUSY, LOCKED, NOMEM; PostgreSQL's connection errors (class 08), insufficient
     * resources (53, disk full is 53100), read-only transactions (25006), shutdowns (57P) and
     * system I/O errors (58). Writes failing so are worth retrying unchanged later.
     */
    public static boolean cannotWrite(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s) {
                int primary = s.getResultCode().code & 0xFF;
                return switch (primary) {
                    case 5, 6, 7, 8, 10, 13, 14 -> true;
                    default -> false;
                };
            }
            if (t instanceof SQLException x && x.getSQLState() != null) {
                String state = x.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.equals("25006")
                        || state.startsWith("57P") || state.startsWith("58")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A new connection in auto-commit mode; close it after use. */
    public Connection connect() throws SQLException {
        Properties p = new Properties();
        if (dialect == Dialect.SQLITE) {
            p.setProperty("journal_mode", "WAL");
            // FULL: in WAL mode NORMAL may lose the last commits on power loss; the ledger promises durability.
            p.setProperty("synchronous", "FULL");
            p.setProperty("busy_timeout", "10000");
            p.setProperty("foreign_keys", "true");
        } else {
            // Bounded waits: one connection that never completes (a handshake stuck on a loaded or
            // half-dead server) must fail and be retried, not hold the ledger writer's queue for
            // minutes. Parameters written in the configured URL win over these.
            p.setProperty("connectTimeout", "10");
            p.setProperty("loginTimeout", "15");
            p.setProperty("socketTimeout", "300");
            p.setProperty("tcpKeepAlive", "true");
        }
        Connection c = DriverManager.getConnection(url, p);
        if (schema != null) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO \"" + schema.replace("\"", "") + "\"");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }
}
