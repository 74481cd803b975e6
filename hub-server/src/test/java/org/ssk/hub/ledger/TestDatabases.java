package org.ssk.hub.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Databases for the store contract tests: a SQLite file in a temporary directory, or a fresh
 * schema in a PostgreSQL test database that {@link #dropSchema} removes afterwards.
 *
 * <p>The PostgreSQL is the test JVM's own ({@link PrivatePostgres}: started on first use on a free
 * port in a temporary folder, stopped when the JVM exits), never a server that happens to run on
 * the machine. {@code SSK_TEST_PG_URL} points the tests at another server instead.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static String postgresUrl() {
        String env = System.getenv("SSK_TEST_PG_URL");
        return env != null && !env.isBlank() ? env : PrivatePostgres.shared().jdbcUrl();
    }

    public static Database sqlite(Path dir) throws SQLException {
        return Database.open("jdbc:sqlite:" + dir.resolve("hub.db"));
    }

    public static Database postgres() throws SQLException {
        return Database.open(postgresUrl(), "ssk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    public static void dropSchema(Database db) throws SQLException {
        if (db.schema() == null) {
            return;
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA \"" + db.schema() + "\" CASCADE");
        }
    }
}
