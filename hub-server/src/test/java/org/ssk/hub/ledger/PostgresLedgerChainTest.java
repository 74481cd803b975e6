package org.ssk.hub.ledger;

class PostgresLedgerChainTest extends LedgerChainContract {
    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.postgres();
    }

    @Override
    protected void dropDatabase(Database db) throws Exception {
        TestDatabases.dropSchema(db);
    }
}
