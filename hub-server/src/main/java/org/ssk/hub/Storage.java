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

    /** How often the alert checks run. */
    static final long ALERT_PERIOD_MS = 30_000;

    /** The stores, with alert checks every {@link #ALERT_PERIOD_MS}. */
    public static HubStores open(HubConfig config) throws SQLException {
        HubStores stores = new HubStores(config, Database.open(config.jdbcUrl()), Clock.systemUTC());
        stores.startAlertChecks(ALERT_PERIOD_MS);
        return stores;
    }

    /**
     * As {@link #open}, loading the sample catalog when the catalog is empty (a new demo). The
     * ledger starts without stock: the demo's opening restock puts the items on the shelves.
     */
    public static HubStores openWithSampleCatalog(HubConfig config) throws Exception {
        HubStores stores = open(config);
        try {
            if (stores.catalog().isEmpty()) {
                SampleCatalog.load(stores.catalog(), Clock.systemUTC().millis());
            }
            return stores;
        } catch (Exception e) {
            stores.close();
            throw e;
        }
    }
}
