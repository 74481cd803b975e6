package org.ssk.hub.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.ssk.protocol.Anomaly;
import org.ssk.protocol.Lift;
import org.ssk.protocol.Pick;
import org.ssk.protocol.Putback;
import org.ssk.protocol.Restock;
import org.ssk.protocol.ShelfEvent;

/**
 * The {@link Ledger} on a JDBC {@link Database} (SQLite or PostgreSQL; the SQL is the same).
 *
 * <p>Group commit: one writer thread owns the only writing connection. Callers of {@link #append}
 * queue their event and wait; the writer takes everything queued (up to {@link #MAX_BATCH}),
 * inserts it in one transaction, commits (one fsync for the batch) and only then completes the
 * callers. A failed commit fails every caller of that batch; nothing of it is stored.
 * Reads use their own connections. Thread-safe.
 */
public final class JdbcLedger implements Ledger {
    static final int MAX_BATCH = 256;

    private static final String INSERT_EVENT = "INSERT INTO shelf_event (event_id, type, shelf, lane, sku, t_ms, qty,"
            + " grams, detail, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
    private static final String STOCK_BY_LANE = "SELECT lane, SUM(CASE type WHEN 'pick' THEN -qty"
            + " WHEN 'putback' THEN qty WHEN 'restock' THEN qty ELSE 0 END) FROM shelf_event"
            + " WHERE shelf = ? AND type IN ('pick', 'putback', 'restock') GROUP BY lane ORDER BY lane";
    private static final String EVENTS = "SELECT pos, event_id, type, shelf, lane, sku, t_ms, qty, grams, detail,"
            + " received_ms FROM shelf_event WHERE shelf = ? ORDER BY pos";

    private record Pending(ShelfEvent event, CompletableFuture<Boolean> done) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final Database db;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Connection writeConnection;
    private volatile boolean closed;

    public JdbcLedger(Database db, Clock clock) throws SQLException {
        this.db = db;
        this.clock = clock;
        this.writeConnection = db.connect();
        writeConnection.setAutoCommit(false);
        this.writer = Thread.ofPlatform().name("ledger-writer").daemon().start(this::writeLoop);
    }

    @Override
    public boolean append(ShelfEvent event) throws Exception {
        if (event == null) {
            throw new IllegalArgumentException("event is required");
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        synchronized (queue) {
            if (closed) {
                throw new IllegalStateException("the ledger is closed");
            }
            queue.add(new Pending(event, done));
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        List<Boolean> fresh = new ArrayList<>(batch.size());
        long now = clock.millis();
        try (PreparedStatement ps = writeConnection.prepareStatement(INSERT_EVENT)) {
            for (Pending p : batch) {
                bind(ps, p.event(), now);
                fresh.add(ps.executeUpdate() == 1);
            }
            writeConnection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                writeConnection.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(fresh.get(i));
        }
    }

    private static void bind(PreparedStatement ps, ShelfEvent e, long receivedMs) throws SQLException {
        int qty = switch (e) {
            case Pick p -> p.qty();
            case Putback p -> p.qty();
            case Restock r -> r.qty();
            case Lift l -> 0;
            case Anomaly a -> 0;
        };
        double grams = switch (e) {
            case Pick p -> p.grams();
            case Putback p -> p.grams();
            case Restock r -> r.grams();
            case Lift l -> l.grams();
            case Anomaly a -> a.grams();
        };
        String detail = e instanceof Anomaly a ? a.kind().wireName() + (a.detail().isEmpty() ? "" : ": " + a.detail())
                : null;
        ps.setString(1, e.id());
        ps.setString(2, e.type());
        ps.setString(3, e.shelf());
        ps.setString(4, e.lane());
        ps.setString(5, e.sku());
        ps.setLong(6, e.tMs());
        ps.setInt(7, qty);
        ps.setDouble(8, grams);
        ps.setString(9, detail);
        ps.setLong(10, receivedMs);
    }

    @Override
    public Map<String, Integer> stockByLane(String shelf) throws SQLException {
        Map<String, Integer> stock = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(STOCK_BY_LANE)) {
            ps.setString(1, shelf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stock.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return stock;
    }

    @Override
    public List<StoredEvent> events(String shelf) throws SQLException {
        List<StoredEvent> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(EVENTS)) {
            ps.setString(1, shelf);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getDouble(9),
                            rs.getString(10), rs.getLong(11)));
                }
            }
        }
        return out;
    }

    @Override
    public boolean healthy() {
        try (Connection c = db.connect()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Stores what is already queued, then stops the writer and releases its connection. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writeConnection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the ledger's connection failed: " + e.getMessage(), e);
        }
    }
}
