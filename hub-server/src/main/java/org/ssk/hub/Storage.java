package org.ssk.hub;

import java.sql.SQLException;
import java.time.Clock;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.HubStores;

/**
 * Opens the hub's storage over the ledger and catalog stores: the database of
 * {@link HubConfig#jdbcUrl()} (a SQLite file in the data directory unless a PostgreSQL URL is
 * configured with {@code database_url} / {@code SSK_DB_URL}), migrated to the current schema. The
 * stores live in {@code org.ssk.hub.ledger} and {@code org.ssk.hub.catalog}.
 */
public final class Storage {
    private Storage() {
    }

    public static HubStores open(HubConfig config) throws SQLException {
        return new HubStores(config, Database.open(config.jdbcUrl()), Clock.systemUTC());
    }

    /** As {@link #open}, loading the sample catalog first when the catalog is empty (the demo). */
    public static HubStores openWithSampleCatalog(HubConfig config) throws SQLException {
        HubStores stores = open(config);
        try {
            if (stores.catalog().isEmpty()) {
                SampleCatalog.load(stores.catalog(), Clock.systemUTC().millis());
            }
            return stores;
        } catch (SQLException | RuntimeException e) {
            stores.close();
            throw e;
        }
    }
}
