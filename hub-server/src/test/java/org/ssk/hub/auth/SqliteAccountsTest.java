package org.ssk.hub.auth;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.TestDatabases;

class SqliteAccountsTest extends AccountsContract {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.sqlite(dir);
    }
}
