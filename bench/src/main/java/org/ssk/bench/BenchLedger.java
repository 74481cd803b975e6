package org.ssk.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.ssk.hub.HubConfig;
import org.ssk.hub.HubStorage;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.catalog.Shelf;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcStorage;

/**
 * The storage a bench runs the hub over: the hub's real stores ({@link JdbcStorage}, as
 * {@code JdbcStorage.open} builds them, alert checks included) on a SQLite file in the run's directory
 * or on a fresh schema of a PostgreSQL database that {@link #close} drops, with a generated
 * catalog written through the {@link Catalog} API; or {@link BenchStorage} in memory, to take
 * the disk out. The generated catalog: {@link BenchStorage#SKUS} products ({@code sku-0}…) of
 * {@link #COUNTIES} counties and {@link #PRODUCERS} producers, and N shelves ({@code S0001}…) of
 * {@link BenchStorage#LANES} lanes each, the SKUs placed as {@link BenchStorage#skuAt} says (the
 * simulated shelves publish the same). Not thread-safe; the hub's storage itself is.
 */
final class BenchLedger implements AutoCloseable {
    /** Which store. */
    enum Kind { SQLITE, POSTGRES, MEMORY }

    static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final int COUNTIES = 4;
    static final int PRODUCERS = 8;

    private final Kind kind;
    private final Database db;
    private final HubStorage storage;
    private final org.ssk.hub.auth.ShelfCredentials credentials;

    private BenchLedger(Kind kind, Database db, HubStorage storage, org.ssk.hub.auth.ShelfCredentials credentials) {
        this.kind = kind;
        this.db = db;
        this.storage = storage;
        this.credentials = credentials;
    }

    /** Opens (and migrates) the store, and writes a catalog of {@code shelves} shelves into it. */
    static BenchLedger open(Kind kind, int shelves, Path dir, String pgUrl, HubConfig config) throws Exception {
        return open(kind, shelves, dir, pgUrl, config, db -> { });
    }

    /** What fills the migrated database, catalog written, before the hub's stores open it. */
    @FunctionalInterface
    interface Prefill {
        void fill(Database db) throws Exception;
    }

    /** As {@link #open(Kind, int, Path, String, HubConfig)}, with {@code prefill} run before the stores open. */
    static BenchLedger open(Kind kind, int shelves, Path dir, String pgUrl, HubConfig config, Prefill prefill)
            throws Exception {
        if (kind == Kind.MEMORY) {
            return new BenchLedger(kind, null, new BenchStorage(shelves, dir), null);
        }
        Database db = database(kind, dir, pgUrl);
        try {
            writeCatalog(new Catalog(db), shelves, 0);
            prefill.fill(db);
            JdbcStorage stores = new JdbcStorage(config, db, Clock.systemUTC());
            // As JdbcStorage.open: the hub's alert checks run next to ingest.
            stores.startAlertChecks(30_000);
            return new BenchLedger(kind, db, stores, stores.shelfCredentials());
        } catch (Exception e) {
            dropSchema(db);
            throw e;
        }
    }

    /** A migrated, empty database: a SQLite file {@code dir/ledger.db}, or a new PostgreSQL schema. */
    static Database database(Kind kind, Path dir, String pgUrl) throws SQLException {
        return switch (kind) {
            case SQLITE -> Database.open("jdbc:sqlite:" + dir.toAbsolutePath().resolve("ledger.db"));
            case POSTGRES -> Database.open(pgUrl, "ssk_bench_" + Long.toString(System.nanoTime(), 36));
            case MEMORY -> throw new IllegalArgumentException("the memory ledger has no database");
        };
    }

    /** Removes a PostgreSQL bench schema with everything in it; nothing for SQLite (the file stays in the run's dir). */
    static void dropSchema(Database db) throws SQLException {
        if (db == null || db.schema() == null) {
            return;
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA \"" + db.schema() + "\" CASCADE");
        }
    }

    /** The generated products, valid from {@code atMs}, and {@code shelves} shelves, in one transaction. */
    static void writeCatalog(Catalog catalog, int shelves, long atMs) throws SQLException {
        try (Connection c = catalog.database().connect()) {
            c.setAutoCommit(false);
            try {
                catalog.saveProducts(c, products(), atMs);
                for (int s = 0; s < shelves; s++) {
                    List<Shelf.Lane> lanes = new ArrayList<>(BenchStorage.LANES);
                    for (int l = 0; l < BenchStorage.LANES; l++) {
                        lanes.add(new Shelf.Lane(Integer.toString(l + 1), BenchStorage.skuAt(s, l), 500));
                    }
                    catalog.savePlanogram(c, new Shelf(BenchStorage.shelfId(s), "货架 " + (s + 1), 0, lanes));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The generated products; every other one certified until the end of 2027. */
    static List<Product> products() {
        List<Product> out = new ArrayList<>(BenchStorage.SKUS);
        for (int k = 0; k < BenchStorage.SKUS; k++) {
            String county = "县" + (k % COUNTIES);
            int producer = k % PRODUCERS;
            out.add(new Product("sku-" + k, "东源大米 " + k, "Dongyuan rice " + k,
                    new BigDecimal(20 + k % 10 + ".80"), "袋", "2.5kg", "客家山区稻田种植，一年一季。",
                    "Grown in Hakka hill paddies, one crop a year.", null, null,
                    new Product.Origin("广东省", "河源市", county, null, null),
                    new Product.Producer("coop-" + producer, "合作社 " + producer, "cooperative", 10 + producer),
                    null, null, null, null,
                    k % 2 == 0 ? new Product.Certification("GD-2026-" + k, "东源县农业农村局", LocalDate.of(2027, 12, 31))
                            : null,
                    null, null, null, null));
        }
        return out;
    }

    Kind kind() {
        return kind;
    }

    /** What the hub is started over; {@code Hub.close} closes it. */
    HubStorage storage() {
        return storage;
    }

    /** The store's issuer of shelf broker secrets; null for the in-memory one, which has none. */
    org.ssk.hub.auth.ShelfCredentials shelfCredentials() {
        return credentials;
    }

    /** Shelf events stored so far. */
    long stored() throws Exception {
        if (db == null) {
            return ((BenchStorage) storage).stored();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM shelf_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The hub's ledger chain as the region's totals name a center's: count, highest sequence, head hash. */
    org.ssk.region.store.RegionStore.Totals chainTotals() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM ledger_chain");
             Statement s2 = c.createStatement();
             ResultSet head = s2.executeQuery("SELECT hash FROM ledger_chain ORDER BY seq DESC LIMIT 1")) {
            rs.next();
            return new org.ssk.region.store.RegionStore.Totals(rs.getLong(1), rs.getLong(2),
                    head.next() ? head.getString(1) : null);
        }
    }

    /** Drops the PostgreSQL schema; call after the hub (and so the storage) is closed. */
    @Override
    public void close() throws SQLException {
        dropSchema(db);
    }
}
