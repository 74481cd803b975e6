package org.ssk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.ssk.hub.HubConfig;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.StoredEvent;
import org.ssk.hub.ledger.TestDatabases;

/**
 * The real ledger a fault test's hub stores into, as {@code hub-server serve} runs it: a SQLite
 * file, or a fresh schema of the test PostgreSQL ({@link #postgres()}), migrated, with the bench's
 * planogram ({@link BenchLedger#writeCatalog}: shelves {@code S0001}…, eight lanes each). Reads
 * back what was stored through the ledger's own queries. Closing drops the PostgreSQL schema.
 */
final class FaultLedger implements AutoCloseable {
    /** The ledger stores the hub supports. */
    enum Store { SQLITE, POSTGRES }

    private final Store store;
    private final Database db;
    private final String jdbcUrl;
    private final JdbcLedger reader;

    private FaultLedger(Store store, Database db, String jdbcUrl) throws SQLException {
        this.store = store;
        this.db = db;
        this.jdbcUrl = jdbcUrl;
        this.reader = new JdbcLedger(db, Clock.systemUTC());
    }

    /** A new, migrated store in {@code dir} (SQLite) or a new schema (PostgreSQL), with {@code shelves} shelves. */
    static FaultLedger create(Store store, Path dir, int shelves) throws Exception {
        FaultLedger ledger = empty(store, dir);
        try {
            BenchLedger.writeCatalog(new Catalog(ledger.db), shelves, 0);
            return ledger;
        } catch (Exception e) {
            ledger.close();
            throw e;
        }
    }

    /** A new, migrated store with nothing in it: {@code dir/ledger.db} (SQLite) or a new schema (PostgreSQL). */
    static FaultLedger empty(Store store, Path dir) throws Exception {
        Database db;
        String url;
        if (store == Store.SQLITE) {
            Files.createDirectories(dir);
            url = "jdbc:sqlite:" + dir.toAbsolutePath().resolve("ledger.db");
            db = Database.open(url);
        } else {
            db = postgres();
            String base = TestDatabases.postgresUrl();
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + db.schema();
        }
        try {
            return new FaultLedger(store, db, url);
        } catch (Exception e) {
            TestDatabases.dropSchema(db);
            throw e;
        }
    }

    /**
     * A fresh schema in the tests' PostgreSQL, from the hub's test helper (the private server the
     * test JVM starts, once the helper does; see TestDatabases).
     */
    static Database postgres() throws SQLException {
        return TestDatabases.postgres();
    }

    /** The hub's storage on this ledger, in this JVM. */
    JdbcStorage storage(HubConfig config) throws SQLException {
        return new JdbcStorage(config, db, Clock.systemUTC());
    }

    /** The URL a hub in another JVM stores into ({@code SSK_DB_URL}): the same file, or the same schema. */
    String jdbcUrl() {
        return jdbcUrl;
    }

    /** The catalog of this store (to load a planogram into). */
    Catalog catalog() {
        return new Catalog(db);
    }

    Store store() {
        return store;
    }

    /** Ids of every stored shelf event, one entry per stored row. */
    List<String> storedIds() throws Exception {
        return reader.events(0, Long.MAX_VALUE).stream().map(StoredEvent::eventId).toList();
    }

    @Override
    public void close() throws SQLException {
        reader.close();
        TestDatabases.dropSchema(db);
    }
}
