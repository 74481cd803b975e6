package org.ssk.region.console;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ssk.hub.auth.Passwords;

/**
 * The region console's accounts and sessions in the region database (migration
 * {@code V11__console_accounts.sql}), with the hub's credential rules ({@link Passwords}: bcrypt,
 * one verification per sign-in whether the name exists or not, session tokens stored only as
 * SHA-256). No default account: the first admin comes from {@code region-server create-admin}.
 * Stateless apart from the URL (each call its own connection, so any region instance answers any
 * session). Thread-safe; blocking. All SQL of accounts is here.
 */
public final class RegionAccounts {
    private static final String COUNT_ADMINS = "SELECT COUNT(*) FROM region_user WHERE role = 'region-admin'";
    private static final String INSERT_USER = "INSERT INTO region_user (username, role, password_hash, created_ms)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING";
    private static final String SELECT_USER = "SELECT role, password_hash, disabled FROM region_user WHERE username = ?";
    private static final String LIST_USERS = "SELECT username, role, created_ms, disabled FROM region_user"
            + " ORDER BY username";
    private static final String INSERT_SESSION = "INSERT INTO region_session (token_hash, username, created_ms,"
            + " expires_ms) VALUES (?, ?, ?, ?)";
    private static final String SELECT_SESSION = "SELECT s.username, u.role FROM region_session s JOIN region_user u"
            + " ON u.username = s.username WHERE s.token_hash = ? AND s.revoked_ms IS NULL AND s.expires_ms > ?"
            + " AND NOT u.disabled";
    private static final String REVOKE_SESSION = "UPDATE region_session SET revoked_ms = ? WHERE token_hash = ?"
            + " AND revoked_ms IS NULL";
    private static final String DISABLE_USER = "UPDATE region_user SET disabled = ? WHERE username = ?";
    private static final String REVOKE_USER_SESSIONS = "UPDATE region_session SET revoked_ms = ? WHERE username = ?"
            + " AND revoked_ms IS NULL";

    /** Who signed in. */
    public record Principal(String username, RegionRole role) {
    }

    /** An account as listed to admins (never its hash). */
    public record User(String username, RegionRole role, long createdMs, boolean disabled) {
    }

    /** A fresh session: the token (cookie or Bearer), valid until {@code expiresMs}. */
    public record Session(String token, String username, RegionRole role, long expiresMs) {
    }

    private final String url;
    private final Clock clock;
    private final Passwords passwords;
    private final long sessionMs;

    /** {@code cost}: bcrypt log2 rounds (12 in production; tests may use 4). */
    public RegionAccounts(String jdbcUrl, Clock clock, int cost, long sessionMs) {
        this.url = jdbcUrl;
        this.clock = clock;
        this.passwords = new Passwords(cost);
        this.sessionMs = sessionMs;
    }

    /** bcrypt cost 12, sessions of 12 hours. */
    public static RegionAccounts standard(String jdbcUrl) {
        return new RegionAccounts(jdbcUrl, Clock.systemUTC(), 12, 12 * 3_600_000L);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Creates the first region-admin; refuses when one exists already. */
    public void createFirstAdmin(String username, char[] password) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(COUNT_ADMINS);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IllegalStateException("a region-admin exists already; add accounts as that admin");
            }
        }
        createUser(username, RegionRole.REGION_ADMIN, password);
    }

    /** Creates an account; the password is checked and only its hash kept. 400-style errors as exceptions. */
    public void createUser(String username, RegionRole role, char[] password) throws SQLException {
        if (username == null || !username.matches("[A-Za-z0-9_.-]{2,32}")) {
            throw new IllegalArgumentException("user name must be 2-32 of A-Z a-z 0-9 _ . -");
        }
        String hash = passwords.hash(password);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(INSERT_USER)) {
            ps.setString(1, username);
            ps.setString(2, role.wireName());
            ps.setString(3, hash);
            ps.setLong(4, clock.millis());
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("user " + username + " exists already");
            }
        }
    }

    /** A session for the right password of an enabled account; empty otherwise, in the same time. */
    public Optional<Session> login(String username, char[] password) throws SQLException {
        String hash = null;
        RegionRole role = null;
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(SELECT_USER)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean(3)) {
                    role = RegionRole.parse(rs.getString(1));
                    hash = rs.getString(2);
                }
            }
        }
        if (!passwords.verify(password, hash)) {
            return Optional.empty();
        }
        String token = passwords.newToken();
        long now = clock.millis();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(INSERT_SESSION)) {
            ps.setString(1, Passwords.sha256(token));
            ps.setString(2, username);
            ps.setLong(3, now);
            ps.setLong(4, now + sessionMs);
            ps.executeUpdate();
        }
        return Optional.of(new Session(token, username, role, now + sessionMs));
    }

    /** How many bcrypt verifications sign-ins ran: one per attempt, known name or not. */
    public long passwordChecks() {
        return passwords.checks();
    }

    /** Who a session token belongs to; empty when unknown, expired, revoked or the account disabled. */
    public Optional<Principal> authenticate(String token) throws SQLException {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Optional.empty();
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(SELECT_SESSION)) {
            ps.setString(1, Passwords.sha256(token));
            ps.setLong(2, clock.millis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Principal(rs.getString(1), RegionRole.parse(rs.getString(2))))
                        : Optional.empty();
            }
        }
    }

    /** Ends a session; true when it was valid. */
    public boolean revoke(String token) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(REVOKE_SESSION)) {
            ps.setLong(1, clock.millis());
            ps.setString(2, Passwords.sha256(token));
            return ps.executeUpdate() == 1;
        }
    }

    /** Every account, by name. */
    public List<User> users() throws SQLException {
        List<User> out = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(LIST_USERS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new User(rs.getString(1), RegionRole.parse(rs.getString(2)), rs.getLong(3), rs.getBoolean(4)));
            }
        }
        return out;
    }

    /**
     * Disables or enables an account; disabling ends its sessions. Refuses to disable the last
     * enabled region-admin. False when there is no such account.
     */
    public synchronized boolean setDisabled(String username, boolean disabled) throws SQLException {
        List<User> all = users();
        User u = all.stream().filter(x -> x.username().equals(username)).findFirst().orElse(null);
        if (u == null) {
            return false;
        }
        if (disabled && u.role() == RegionRole.REGION_ADMIN && all.stream().noneMatch(x -> !x.username().equals(username)
                && x.role() == RegionRole.REGION_ADMIN && !x.disabled())) {
            throw new IllegalArgumentException("the region needs at least one enabled region-admin");
        }
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement(DISABLE_USER)) {
                ps.setBoolean(1, disabled);
                ps.setString(2, username);
                ps.executeUpdate();
            }
            if (disabled) {
                try (PreparedStatement ps = c.prepareStatement(REVOKE_USER_SESSIONS)) {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, username);
                    ps.executeUpdate();
                }
            }
        }
        return true;
    }
}
