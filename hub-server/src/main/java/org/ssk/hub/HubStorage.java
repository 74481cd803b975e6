package org.ssk.hub;

import org.ssk.hub.http.LedgerView;
import org.ssk.hub.ingest.EventAppender;
import org.ssk.hub.kiosk.KioskCatalog;

/**
 * The hub's persistent state as its edges use it: where events are appended, what the HTTP side
 * reads, the catalog snapshot kiosks are served from, and the optional features a store brings
 * (routes, accounts, alerts), each with a default for a store without them. Implementations:
 * {@link org.ssk.hub.ledger.JdbcStorage} (SQLite or PostgreSQL), and in-memory ones in tests and
 * the bench. Every method may block (JDBC) and is called off the event loops unless it says
 * otherwise. Closing releases the database.
 */
public interface HubStorage extends AutoCloseable {
    EventAppender appender();

    LedgerView ledgerView();

    /** Reads the catalog and planogram and builds the kiosk snapshot (cards carry order/QR URLs). */
    KioskCatalog loadKioskCatalog() throws Exception;

    /** Route groups the storage serves itself (product images, reports, …); none by default. */
    default java.util.List<org.ssk.hub.http.ApiRoutes> routes() {
        return java.util.List.of();
    }

    /** Accounts and tokens for the HTTP API; null when this storage has none (every non-public route refused). */
    default org.ssk.hub.auth.Accounts accounts() {
        return null;
    }

    /** Checks a shelf's MQTT secret for the embedded broker; by default no shelf gets in. */
    default org.ssk.hub.broker.ShelfAccess.Secrets shelfSecrets() {
        return (shelf, secret) -> false;
    }

    /** The shelves' MQTT credentials, whose changes close live sessions; null when this storage keeps none. */
    default org.ssk.hub.auth.ShelfCredentials shelfCredentials() {
        return null;
    }

    /** The committed ledger chain the region uploader reads; null when this storage keeps no chain. */
    default org.ssk.hub.region.ChainSource chainSource() {
        return null;
    }

    /** Where the region's certified-product list is kept and marked on the catalog; null when this storage has none. */
    default org.ssk.hub.catalog.RegionCertificates regionCertificates() {
        return null;
    }

    /**
     * What this center tells its region of itself with its uploads (docs/region.md "Console"):
     * shelves offline and alerts open now; none by default.
     */
    default org.ssk.hub.region.CenterHealth centerHealth() throws Exception {
        return new org.ssk.hub.region.CenterHealth(0, 0);
    }

    /** The region upload's lag or refusal ({@code null}: back within bounds), for the alerts; ignored by default. */
    default void regionUpload(String detail) {
    }

    /** Where raised alerts also go (webhook, pushes); ignored by a store without alerts. */
    default void addAlertListener(org.ssk.hub.alert.AlertListener listener) {
    }

    /** A shelf's latest heartbeat listed these faults of its agent (empty: none). Non-blocking; no-op by default. */
    default void shelfFaults(String shelf, java.util.List<String> faults) {
    }

    /** The hub learned that a shelf's agent went online or offline (for alerts). Non-blocking; no-op by default. */
    default void shelfOnline(String shelf, boolean online) {
    }

    @Override
    void close();
}
