package org.ssk.hub;

import java.sql.SQLException;
import java.time.Clock;
import org.ssk.hub.catalog.SampleCatalog;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.demo.DemoShelves;
import org.ssk.hub.ledger.StockEntry;
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
     * As {@link #open}; when the catalog is empty (a new demo), loads the sample catalog and an
     * opening stock-take of {@link DemoShelves#INITIAL_QTY} items per lane, the items the demo's
     * simulated shelves start with, so the ledger's stock matches the shelves.
     */
    public static HubStores openWithSampleCatalog(HubConfig config) throws Exception {
        HubStores stores = open(config);
        try {
            if (stores.catalog().isEmpty()) {
                long now = Clock.systemUTC().millis();
                SampleCatalog.load(stores.catalog(), now);
                for (Shelf s : stores.catalog().shelves()) {
                    for (Shelf.Lane l : s.lanes()) {
                        if (l.sku() != null) {
                            stores.ledger().recordStockEntry(StockEntry.stockTake("opening-" + s.id() + "-" + l.lane(),
                                    s.id(), l.lane(), l.sku(), now, DemoShelves.INITIAL_QTY, "sample"));
                        }
                    }
                }
            }
            return stores;
        } catch (Exception e) {
            stores.close();
            throw e;
        }
    }
}
