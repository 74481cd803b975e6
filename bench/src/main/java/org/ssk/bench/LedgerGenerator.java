package org.ssk.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.ssk.hub.catalog.Product;
import org.ssk.hub.ledger.Database;

/**
 * Fills the ledger tables of a migrated database with a month of made-up visits, fast: per visit
 * two lifts, one pick and one sale line (one sale in five online, without a shelf; one in twenty
 * a refund of one item), in time order across [fromMs, toMs) on N shelves × 8 lanes of the
 * {@link BenchLedger} catalog, priced from that catalog. SQLite gets batched prepared inserts,
 * PostgreSQL {@code COPY}, both committing every {@link #CHUNK} rows. Seeded: the same arguments
 * give the same rows. Not thread-safe.
 */
final class LedgerGenerator {
    static final int CHUNK = 200_000;

    /** What was written, and the sums a report over the whole period must find. */
    record Counts(long events, long saleLines, long units, long lifts) {
    }

    private static final String EVENT_COLUMNS = "shelf_event (event_id, type, shelf, lane, sku, t_ms, qty, grams,"
            + " detail, received_ms)";
    private static final String SALE_COLUMNS = "sale_line (order_id, line_no, channel, t_ms, sku, qty, price_fen,"
            + " amount_fen, shelf, refers_to, received_ms)";

    private final Database db;
    private final int shelves;
    private final long fromMs;
    private final long toMs;
    private final long[] priceFen;

    LedgerGenerator(Database db, int shelves, long fromMs, long toMs) {
        this.db = db;
        this.shelves = shelves;
        this.fromMs = fromMs;
        this.toMs = toMs;
        List<Product> products = BenchLedger.products();
        this.priceFen = products.stream().mapToLong(Product::priceFen).toArray();
    }

    /** After each commit: the entries written so far (the caller may, say, chain them then). */
    @FunctionalInterface
    interface Progress {
        void committed(long entries) throws Exception;
    }

    /** Writes about {@code entries} entries (a multiple of 4: whole visits). */
    Counts generate(long entries) throws Exception {
        return generate(entries, written -> { });
    }

    /** As {@link #generate(long)}, telling {@code progress} after every commit. */
    Counts generate(long entries, Progress progress) throws Exception {
        long visits = Math.max(1, entries / 4);
        Sink sink = db.dialect() == Database.Dialect.POSTGRESQL ? new CopySink() : new InsertSink();
        Random r = new Random(11);
        long units = 0;
        // Lifts come up to 2 s before their sale: every entry stays inside the period.
        long span = toMs - fromMs - 2_000;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            sink.open(c);
            for (long v = 0; v < visits; v++) {
                long t = fromMs + 2_000 + (long) ((v + r.nextDouble()) * span / visits);
                int shelf = r.nextInt(shelves);
                int lane = r.nextInt(BenchStorage.LANES);
                String shelfId = BenchStorage.shelfId(shelf);
                String laneId = Integer.toString(lane + 1);
                String sku = BenchStorage.skuAt(shelf, lane);
                sink.event("e" + (3 * v), "lift", shelfId, laneId, sku, t - 2_000, 0);
                sink.event("e" + (3 * v + 1), "lift", shelfId, laneId, sku, t - 1_500, 0);
                sink.event("e" + (3 * v + 2), "pick", shelfId, laneId, sku, t - 1_000, 1);
                boolean online = r.nextInt(5) == 0;
                int qty = r.nextInt(20) == 0 ? -1 : 1 + r.nextInt(3);
                long price = priceFen[Integer.parseInt(sku.substring(4))];
                sink.sale("o" + v, online ? "online" : "pos", t, sku, qty, price, online ? null : shelfId);
                units += qty;
                if ((v + 1) % (CHUNK / 4) == 0) {
                    sink.flush();
                    c.commit();
                    progress.committed(4 * (v + 1));
                }
            }
            sink.flush();
            c.commit();
            if (visits % (CHUNK / 4) != 0) {
                progress.committed(4 * visits);
            }
        }
        return new Counts(3 * visits, visits, units, 2 * visits);
    }

    /** Where rows go; {@link #flush} sends what was buffered (the caller commits). */
    private interface Sink {
        void open(Connection c) throws SQLException;

        void event(String id, String type, String shelf, String lane, String sku, long tMs, int qty) throws Exception;

        void sale(String order, String channel, long tMs, String sku, int qty, long priceFen, String shelf)
                throws Exception;

        void flush() throws Exception;
    }

    /** Batched prepared inserts (SQLite). */
    private static final class InsertSink implements Sink {
        private PreparedStatement events;
        private PreparedStatement sales;

        @Override
        public void open(Connection c) throws SQLException {
            events = c.prepareStatement("INSERT INTO " + EVENT_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)");
            sales = c.prepareStatement("INSERT INTO " + SALE_COLUMNS + " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, NULL, ?)");
        }

        @Override
        public void event(String id, String type, String shelf, String lane, String sku, long tMs, int qty)
                throws SQLException {
            events.setString(1, id);
            events.setString(2, type);
            events.setString(3, shelf);
            events.setString(4, lane);
            events.setString(5, sku);
            events.setLong(6, tMs);
            events.setInt(7, qty);
            events.setDouble(8, 500.0 * Math.max(qty, 1));
            events.setLong(9, tMs);
            events.addBatch();
        }

        @Override
        public void sale(String order, String channel, long tMs, String sku, int qty, long priceFen, String shelf)
                throws SQLException {
            sales.setString(1, order);
            sales.setString(2, channel);
            sales.setLong(3, tMs);
            sales.setString(4, sku);
            sales.setInt(5, qty);
            sales.setLong(6, priceFen);
            sales.setLong(7, priceFen * qty);
            sales.setString(8, shelf);
            sales.setLong(9, tMs);
            sales.addBatch();
        }

        @Override
        public void flush() throws SQLException {
            events.executeBatch();
            sales.executeBatch();
        }
    }

    /** {@code COPY … FROM STDIN} in CSV (PostgreSQL); none of the generated texts needs quoting. */
    private static final class CopySink implements Sink {
        private CopyManager copy;
        private final StringBuilder events = new StringBuilder();
        private final StringBuilder sales = new StringBuilder();

        @Override
        public void open(Connection c) throws SQLException {
            copy = c.unwrap(PGConnection.class).getCopyAPI();
        }

        @Override
        public void event(String id, String type, String shelf, String lane, String sku, long tMs, int qty) {
            events.append(id).append(',').append(type).append(',').append(shelf).append(',').append(lane).append(',')
                    .append(sku).append(',').append(tMs).append(',').append(qty).append(',')
                    .append(500.0 * Math.max(qty, 1)).append(",,").append(tMs).append('\n');
        }

        @Override
        public void sale(String order, String channel, long tMs, String sku, int qty, long priceFen, String shelf) {
            sales.append(order).append(",1,").append(channel).append(',').append(tMs).append(',').append(sku)
                    .append(',').append(qty).append(',').append(priceFen).append(',').append(priceFen * qty)
                    .append(',').append(shelf == null ? "" : shelf).append(",,").append(tMs).append('\n');
        }

        @Override
        public void flush() throws Exception {
            copy.copyIn("COPY " + EVENT_COLUMNS + " FROM STDIN (FORMAT csv)", new StringReader(events.toString()));
            copy.copyIn("COPY " + SALE_COLUMNS + " FROM STDIN (FORMAT csv)", new StringReader(sales.toString()));
            events.setLength(0);
            sales.setLength(0);
        }
    }
}
