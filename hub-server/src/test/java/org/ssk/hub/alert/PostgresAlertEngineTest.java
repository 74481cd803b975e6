package org.ssk.hub.alert;

import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.TestDatabases;

class PostgresAlertEngineTest extends AlertEngineContract {
    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.postgres();
    }

    @Override
    protected void dropDatabase(Database db) throws Exception {
        TestDatabases.dropSchema(db);
    }
}
