package org.ssk.hub;

import java.time.Clock;
import org.junit.jupiter.api.Order;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.TestDatabases;

/**
 * The pipeline end to end on the PostgreSQL ledger: a real agent on a simulated shelf → the
 * embedded broker → ingest → {@link JdbcStorage} on a fresh schema of the test PostgreSQL
 * ({@link TestDatabases#postgres()}), dropped afterwards.
 */
@Order(1)
class PostgresPipelineTest extends PipelineContract {
    private Database db;

    @Override
    HubConfig configure(HubConfig base) {
        return base;
    }

    @Override
    HubStorage storage(HubConfig config) throws Exception {
        db = TestDatabases.postgres();
        stores = new JdbcStorage(config, db, Clock.systemUTC());
        SampleCatalog.load(stores.catalog(), System.currentTimeMillis());
        return stores;
    }

    @Override
    void afterHub() throws Exception {
        if (db != null) {
            TestDatabases.dropSchema(db);
        }
    }
}
