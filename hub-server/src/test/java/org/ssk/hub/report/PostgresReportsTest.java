package org.ssk.hub.report;

import java.nio.file.Path;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.TestDatabases;

/** {@link ReportsTest} on a fresh schema of the PostgreSQL test database (the report SQL is shared). */
class PostgresReportsTest extends ReportsTest {
    @Override
    Database openDatabase(Path dir) throws Exception {
        return TestDatabases.postgres();
    }

    @Override
    void dropDatabase(Database db) throws Exception {
        TestDatabases.dropSchema(db);
    }
}
