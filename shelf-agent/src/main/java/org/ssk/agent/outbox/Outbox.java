package org.ssk.agent.outbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ssk.protocol.Codec;
import org.ssk.protocol.ShelfEvent;

/**
 * The agent's durable store of events not yet acknowledged by the broker: one SQLite file
 * ({@code outbox.db}) in the agent's data dir, in WAL mode with {@code synchronous=FULL}, so an
 * event whose {@link #append} returned survives a power cut.
 *
 * <p>Contract:
 * <ul>
 *   <li>Every event is appended <em>before</em> it is published and removed only after the broker's
 *       PUBACK ({@link #remove}). Delivery is therefore at least once; the hub deduplicates by id.</li>
 *   <li>The outbox holds the shelf's {@link #epoch()} (a random token drawn when the file is first
 *       created) and the sequence high-water mark {@link #lastSeq()}, which never goes down even
 *       when every row has been removed, so numbering continues after a restart.</li>
 *   <li>{@link #pending(long, int)} returns events in sequence order, which is publication order.</li>
 *   <li>Bounded: at {@code capacity} pending events {@link #acceptsLifts()} turns false and the agent
 *       stops recording provisional lifts (stale lifts are worthless to a kiosk); picks, put-backs,
 *       restocks and anomalies are never refused or dropped, whatever the count, because they are
 *       the ledger. The agent decides before stamping, so shed lifts leave no gap in {@code seq}.</li>
 * </ul>
 * Thread-safe: every method is synchronized on the one JDBC connection (the run loop appends, the
 * publisher thread reads and removes).
 */
public final class Outbox implements AutoCloseable {
    /** Default bound: days of a busy shelf's events; about 300 bytes each on the SD card. */
    public static final int DEFAULT_CAPACITY = 100_000;

    static final String FILE = "outbox.db";
    private static final String LOCK = "outbox.lock";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final FileChannel lockFile;
    private final FileLock lock;
    private final Path file;
    /** Replaced after a write the database refused (see {@link #recover}). */
    private Connection db;
    private final List<String> testPragmas = new ArrayList<>();
    private final String epoch;
    private final int capacity;
    private long lastSeq;
    private int pending;

    /** One stored event: its sequence number and the exact bytes to publish. */
    public record Entry(long seq, String id, byte[] payload) {
    }

    private Outbox(Path file, FileChannel lockFile, FileLock lock, Connection db, String epoch, long lastSeq,
                   int pending, int capacity) {
        this.file = file;
        this.lockFile = lockFile;
        this.lock = lock;
        this.db = db;
        this.epoch = epoch;
        this.lastSeq = lastSeq;
        this.pending = pending;
        this.capacity = capacity;
    }

    /**
     * Opens (or creates, drawing a new epoch) the outbox in {@code dataDir}, which it locks: two
     * agents on one outbox would hand out the same sequence numbers. The lock dies with the process,
     * so a killed agent's successor can open it at once.
     *
     * @throws IOException also when another agent (process or not) holds the data dir
     */
    public static Outbox open(Path dataDir, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        FileChannel lockFile = FileChannel.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException("another shelf agent is using the outbox in " + dataDir
                    + "; give each agent its own data_dir");
        }
        Connection db = null;
        try {
            db = connect(file, List.of());
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS event (seq INTEGER PRIMARY KEY, id TEXT NOT NULL,"
                        + " payload BLOB NOT NULL)");
            }
            // Epoch and high-water mark are created together or not at all (one transaction).
            String epoch = meta(db, "epoch");
            if (epoch == null) {
                epoch = newEpoch();
                putMeta(db, "epoch", epoch);
                putMeta(db, "last_seq", "0");
            }
            db.commit();
            long lastSeq = Long.parseLong(meta(db, "last_seq"));
            int pending;
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM event")) {
                rs.next();
                pending = rs.getInt(1);
            }
            db.commit();
            return new Outbox(file, lockFile, lock, db, epoch, lastSeq, pending, capacity);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(db, e);
            lock.release();
            lockFile.close();
            throw new IOException("cannot open the outbox " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file, List<String> pragmas) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            // FULL: the WAL is fsynced at every commit, so an appended event survives power loss.
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
            for (String p : pragmas) {
                st.execute("PRAGMA " + p);
            }
            db.setAutoCommit(false);
            return db;
        } catch (SQLException e) {
            closeQuietly(db, e);
            throw e;
        }
    }

    /**
     * Runs {@code PRAGMA <pragma>} on the outbox's connection now and on any it opens later: a seam
     * for the fault tests, which fill the disk ({@code max_page_count = N}) or make the file
     * read-only ({@code query_only = 1}) and undo it. Not for operators.
     */
    public synchronized void pragmaOnWriter(String pragma) throws IOException {
        testPragmas.add(pragma);
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA " + pragma);
        } catch (SQLException e) {
            throw new IOException("cannot set " + pragma + ": " + e.getMessage(), e);
        }
    }

    /** The token that makes this outbox's ids unique across re-imaging: 10 of a-z 0-9. */
    public String epoch() {
        return epoch;
    }

    /** The highest sequence number ever appended (0 when none). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Events appended and not yet acknowledged. */
    public synchronized int pendingCount() {
        return pending;
    }

    /** False once the outbox holds {@code capacity} events: provisional lifts are then shed. */
    public synchronized boolean acceptsLifts() {
        return pending < capacity;
    }

    /**
     * Stores an event durably (fsynced) and raises the high-water mark, in one transaction.
     *
     * @throws IllegalArgumentException if the event is not of this outbox's epoch or its seq is not
     *         above {@link #lastSeq()}: that would break id uniqueness
     */
    public synchronized void append(ShelfEvent event) throws IOException {
        if (!event.epoch().equals(epoch)) {
            throw new IllegalArgumentException("event of epoch " + event.epoch() + " in outbox of epoch " + epoch);
        }
        if (event.seq() <= lastSeq) {
            throw new IllegalArgumentException("seq " + event.seq() + " is not above the high-water mark " + lastSeq);
        }
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO event (seq, id, payload) VALUES (?, ?, ?)");
             PreparedStatement hwm = db.prepareStatement("UPDATE meta SET v = ? WHERE k = 'last_seq'")) {
            ins.setLong(1, event.seq());
            ins.setString(2, event.id());
            ins.setBytes(3, Codec.encode(event));
            ins.executeUpdate();
            hwm.setString(1, Long.toString(event.seq()));
            hwm.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollback(e);
            throw new IOException("cannot store event " + event.id() + " in the outbox: " + e.getMessage(), e);
        }
        lastSeq = event.seq();
        pending++;
    }

    /** Up to {@code limit} pending events with seq above {@code afterSeq}, oldest first. */
    public synchronized List<Entry> pending(long afterSeq, int limit) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT seq, id, payload FROM event WHERE seq > ? ORDER BY seq LIMIT ?")) {
            q.setLong(1, afterSeq);
            q.setInt(2, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback(e);
            throw new IOException("cannot read the outbox: " + e.getMessage(), e);
        }
        return out;
    }

    /** Removes acknowledged events (unknown seqs are ignored: a duplicate PUBACK) in one transaction. */
    public synchronized void remove(Collection<Long> seqs) throws IOException {
        if (seqs.isEmpty()) {
            return;
        }
        int removed = 0;
        try (PreparedStatement del = db.prepareStatement("DELETE FROM event WHERE seq = ?")) {
            for (long s : seqs) {
                del.setLong(1, s);
                removed += del.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            rollback(e);
            throw new IOException("cannot remove acknowledged events from the outbox: " + e.getMessage(), e);
        }
        pending -= removed;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException("cannot close the outbox: " + e.getMessage(), e);
        } finally {
            if (lock.isValid()) {
                lock.release();
            }
            lockFile.close();
        }
    }

    /**
     * Rolls back after a failed statement. On a full disk or an I/O error SQLite may already have
     * rolled the transaction back itself, leaving the JDBC connection sure a transaction is open
     * while SQLite is in autocommit: the next append's rows would commit one by one and its commit
     * fail, so the retry would then hit its own row. So when the rollback fails too, the
     * connection is replaced by a fresh one (the counters are unchanged: nothing was committed).
     */
    private void rollback(SQLException cause) {
        try {
            db.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            recover(cause);
        }
    }

    private void recover(SQLException cause) {
        closeQuietly(db, cause);
        try {
            db = connect(file, testPragmas);
        } catch (SQLException e) {
            cause.addSuppressed(e);
            // Keep a closed connection: the next call fails with "closed" and recovers again.
        }
    }

    private static String meta(Connection db, String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void putMeta(Connection db, String key, String value) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?)")) {
            st.setString(1, key);
            st.setString(2, value);
            st.executeUpdate();
        }
    }

    private static String newEpoch() {
        char[] c = new char[10];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    private static void closeQuietly(Connection db, Exception cause) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
