package org.ssk.hub.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Databases for the store contract tests: a SQLite file in a temporary directory, or a fresh
 * schema in the PostgreSQL test database (127.0.0.1:5432, db {@code test}, user {@code postgres},
 * overridable with {@code SSK_TEST_PG_URL}) that {@link #dropSchema} removes afterwards.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static String postgresUrl() {
        String env = System.getenv("SSK_TEST_PG_URL");
        return env != null && !env.isBlank() ? env : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
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
