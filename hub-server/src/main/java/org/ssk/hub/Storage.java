package org.ssk.hub;

/**
 * Opens the hub's storage over the ledger and catalog stores of {@code org.ssk.hub.ledger} and
 * {@code org.ssk.hub.catalog} (SQLite by default, PostgreSQL by {@code SSK_DB_URL}).
 */
public final class Storage {
    private static final String MISSING = "this build has no ledger store yet (it comes with the hub-ledger branch);"
            + " the hub cannot start without one";

    private Storage() {
    }

    /** The configured database, migrated to the current schema. */
    public static HubStorage open(HubConfig config) {
        throw new IllegalStateException(MISSING);
    }

    /** As {@link #open}, with the sample catalog loaded when the catalog is empty (the demo). */
    public static HubStorage openWithSampleCatalog(HubConfig config) {
        throw new IllegalStateException(MISSING);
    }
}
