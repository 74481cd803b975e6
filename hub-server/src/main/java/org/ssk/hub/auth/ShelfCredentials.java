package org.ssk.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ssk.hub.ledger.Database;
import org.ssk.protocol.Topics;

/**
 * Each shelf's own MQTT credentials: user name = shelf id, password = a 256-bit random secret
 * handed out once ({@link #issue}, {@code hub-server shelf-credentials}); only its SHA-256 is kept.
 * Issuing again replaces the secret (rotation); {@link #revoke} removes it.
 *
 * <p>{@link #valid} is what the embedded broker calls on every CONNECT: it compares in constant
 * time with an in-memory copy of the hash, which it refreshes from the shelf's row when that copy
 * is older than {@link #REREAD_MS} or does not match, so credentials issued or revoked from the
 * command line while the hub runs take effect within that time (from the console: at once).
 *
 * <p>A shelf whose secret is revoked or replaced must not keep a session opened with the old one:
 * {@link #onChange} listeners (the embedded broker drops the shelf's connection) hear of it at
 * once from {@link #issue} and {@link #revoke}, and of changes made by another process (the
 * command line) on the next {@link #refresh}, which the hub runs every {@link #REREAD_MS}.
 * Thread-safe; listeners are called on the caller's thread and must not block.
 */
public final class ShelfCredentials {
    public static final long REREAD_MS = 10_000;
    private static final String SELECT_ONE = "SELECT secret_hash, created_ms FROM shelf_credential WHERE shelf_id = ?";
    private static final String SELECT_ALL = "SELECT shelf_id, secret_hash, created_ms FROM shelf_credential";
    private static final String DELETE = "DELETE FROM shelf_credential WHERE shelf_id = ?";
    private static final String INSERT = "INSERT INTO shelf_credential (shelf_id, secret_hash, created_ms) VALUES (?, ?, ?)";

    /** A shelf with credentials, as listed to admins. */
    public record Entry(String shelf, long createdMs) {
    }

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> hashes = new ConcurrentHashMap<>();
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> reread = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ShelfCredentials(Database db, Clock clock) throws SQLException {
        this.db = db;
        this.clock = clock;
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_ALL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hashes.put(rs.getString(1), HexFormat.of().parseHex(rs.getString(2)));
                created.put(rs.getString(1), rs.getLong(3));
            }
        }
    }

    /** A new secret for {@code shelf} (replacing any earlier one); shown once, never stored. */
    public synchronized String issue(String shelf) throws SQLException {
        if (shelf == null || !Topics.SHELF_ID.matcher(shelf).matches()) {
            throw new IllegalArgumentException("shelf id must be 1-32 of A-Z a-z 0-9 _ -, was: " + shelf);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] hash = sha256(secret);
        long now = clock.millis();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(DELETE); PreparedStatement ins = c.prepareStatement(INSERT)) {
                del.setString(1, shelf);
                del.executeUpdate();
                ins.setString(1, shelf);
                ins.setString(2, HexFormat.of().formatHex(hash));
                ins.setLong(3, now);
                ins.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        byte[] was = hashes.put(shelf, hash);
        created.put(shelf, now);
        reread.put(shelf, now);
        if (was != null) {
            changed(shelf);
        }
        return secret;
    }

    /** Calls {@code listener} with a shelf's id whenever its secret is revoked or replaced. */
    public void onChange(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    /**
     * Re-reads every shelf's credentials (blocking) and tells the listeners of each secret revoked
     * or replaced since the last look, by another process too; returns those shelves.
     */
    public synchronized List<String> refresh() throws SQLException {
        Map<String, byte[]> now = new java.util.HashMap<>();
        Map<String, Long> times = new java.util.HashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_ALL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                now.put(rs.getString(1), HexFormat.of().parseHex(rs.getString(2)));
                times.put(rs.getString(1), rs.getLong(3));
            }
        }
        List<String> gone = new ArrayList<>();
        for (var e : hashes.entrySet()) {
            byte[] current = now.get(e.getKey());
            if (current == null || !MessageDigest.isEqual(current, e.getValue())) {
                gone.add(e.getKey());
            }
        }
        hashes.keySet().retainAll(now.keySet());
        created.keySet().retainAll(now.keySet());
        hashes.putAll(now);
        created.putAll(times);
        gone.forEach(this::changed);
        return gone;
    }

    private void changed(String shelf) {
        for (var l : listeners) {
            l.accept(shelf);
        }
    }

    /** Removes the shelf's credentials; its next CONNECT is refused. False when it had none. */
    public synchronized boolean revoke(String shelf) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(DELETE)) {
            ps.setString(1, shelf);
            ps.executeUpdate();
        }
        created.remove(shelf);
        boolean had = hashes.remove(shelf) != null;
        // Revoked from the console while its record was already gone here: drop a session anyway.
        changed(shelf);
        return had;
    }

    /**
     * Whether {@code secret} is the current secret of {@code shelf}. Reads the database at most
     * once per shelf per {@link #REREAD_MS}; otherwise in memory.
     */
    public boolean valid(String shelf, byte[] secret) {
        if (shelf == null || secret == null) {
            return false;
        }
        byte[] got = sha256(new String(secret, StandardCharsets.UTF_8));
        byte[] want = hashes.get(shelf);
        long now = clock.millis();
        Long last = reread.get(shelf);
        boolean fresh = last != null && now - last < REREAD_MS;
        if (fresh || reread.size() > 10_000) {
            return want != null && MessageDigest.isEqual(want, got);
        }
        reread.put(shelf, now);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
            ps.setString(1, shelf);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    created.remove(shelf);
                    if (hashes.remove(shelf) != null) {
                        changed(shelf);
                    }
                    return false;
                }
                byte[] stored = HexFormat.of().parseHex(rs.getString(1));
                byte[] was = hashes.put(shelf, stored);
                created.put(shelf, rs.getLong(2));
                if (was != null && !MessageDigest.isEqual(was, stored)) {
                    changed(shelf);
                }
                return MessageDigest.isEqual(stored, got);
            }
        } catch (SQLException e) {
            // The database is away: the last known hash decides.
            return want != null && MessageDigest.isEqual(want, got);
        }
    }

    /** Shelves that have credentials, by id. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        created.forEach((s, t) -> out.add(new Entry(s, t)));
        out.sort(java.util.Comparator.comparing(Entry::shelf));
        return out;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
