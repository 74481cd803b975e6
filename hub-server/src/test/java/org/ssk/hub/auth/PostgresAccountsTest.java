package org.ssk.hub.auth;

import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.TestDatabases;

class PostgresAccountsTest extends AccountsContract {
    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.postgres();
    }

    @Override
    protected void dropDatabase(Database db) throws Exception {
        TestDatabases.dropSchema(db);
    }
}
