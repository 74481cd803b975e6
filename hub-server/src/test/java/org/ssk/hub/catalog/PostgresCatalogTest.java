package org.ssk.hub.catalog;

import org.junit.jupiter.api.Order;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.TestDatabases;

@Order(2)
class PostgresCatalogTest extends CatalogContract {
    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.postgres();
    }

    @Override
    protected void dropDatabase(Database db) throws Exception {
        TestDatabases.dropSchema(db);
    }
}
