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
import org.ssk.webauth.AccountRules;
import org.ssk.webauth.Passwords;

/**
 * The region console's accounts and sessions in the region database (migration
 * {@code V11__console_accounts.sql}), with the hub's credential rules ({@link Passwords}: bcrypt,
 * one verification per sign-in whether the name exists or not, session tokens stored only as
 * SHA-256; {@link AccountRules}: user names, never without an enabled region-admin). No default
 * account: the first admin comes from {@code region-server create-admin}. A change of role, state,
 * password or a deletion runs in one transaction holding every account row ({@code FOR UPDATE}), so
 * two region instances cannot each remove one of the last two admins. Stateless apart from the URL
 * (each call its own connection, so any region instance answers any session). Thread-safe;
 * blocking. All SQL of accounts is here.
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
    private static final String LOCK_USERS = "SELECT username, role, created_ms, disabled FROM region_user"
            + " ORDER BY username FOR UPDATE";
    private static final String UPDATE_ROLE = "UPDATE region_user SET role = ? WHERE username = ?";
    private static final String UPDATE_DISABLED = "UPDATE region_user SET disabled = ? WHERE username = ?";
    private static final String UPDATE_PASSWORD = "UPDATE region_user SET password_hash = ? WHERE username = ?";
    private static final String REVOKE_USER_SESSIONS = "UPDATE region_session SET revoked_ms = ? WHERE username = ?"
            + " AND revoked_ms IS NULL AND token_hash <> ?";
    private static final String DELETE_SESSIONS = "DELETE FROM region_session WHERE username = ?";
    private static final String DELETE_USER = "DELETE FROM region_user WHERE username = ?";

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
        AccountRules.checkUsername(username);
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
     * Changes an account's role and/or enabled state (null: unchanged); disabling ends its sessions.
     * {@link AccountRules.LastAdmin} when no enabled region-admin would be left. False when there
     * is no such account.
     */
    public boolean update(String username, RegionRole role, Boolean disabled) throws SQLException {
        return change(username, (c, u, others) -> {
            boolean admin = (role == null ? u.role() : role) == RegionRole.REGION_ADMIN;
            AccountRules.keepAnAdmin(admin && !(disabled == null ? u.disabled() : disabled), others,
                    LAST_ADMIN + "; make another region-admin first");
            if (role != null) {
                update(c, UPDATE_ROLE, role.wireName(), username);
            }
            if (disabled != null) {
                update(c, UPDATE_DISABLED, disabled, username);
                if (disabled) {
                    endSessions(c, username, null);
                }
            }
        });
    }

    /** Disables or enables an account ({@link #update}). */
    public boolean setDisabled(String username, boolean disabled) throws SQLException {
        return update(username, null, disabled);
    }

    /** A new random password for an admin's reset ({@link Passwords#generate}), to be shown once. */
    public String generatePassword() {
        return passwords.generate();
    }

    /**
     * An admin's reset of {@code username}'s password (checked); every session of the account
     * ends. False when there is no such account.
     */
    public boolean resetPassword(String username, char[] password) throws SQLException {
        String hash = passwords.hash(password);
        return change(username, (c, u, others) -> {
            update(c, UPDATE_PASSWORD, hash, username);
            endSessions(c, username, null);
        });
    }

    /**
     * The signed-in user's own new password, given the old one (checked with bcrypt, as a sign-in).
     * Every other session of the account ends; {@code currentToken}'s stays. False when the old
     * password is wrong (or the account gone or disabled).
     */
    public boolean changeOwnPassword(String username, char[] oldPassword, char[] newPassword, String currentToken)
            throws SQLException {
        Passwords.check(newPassword);
        String old = null;
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(SELECT_USER)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean(3)) {
                    old = rs.getString(2);
                }
            }
        }
        if (!passwords.verify(oldPassword, old)) {
            return false;
        }
        String hash = passwords.hash(newPassword);
        return change(username, (c, u, others) -> {
            update(c, UPDATE_PASSWORD, hash, username);
            endSessions(c, username, currentToken);
        });
    }

    /**
     * Deletes an account and its sessions; {@link AccountRules.LastAdmin} for the last enabled
     * region-admin. False when there is no such account.
     */
    public boolean delete(String username) throws SQLException {
        return change(username, (c, u, others) -> {
            AccountRules.keepAnAdmin(u.role() != RegionRole.REGION_ADMIN || u.disabled(), others,
                    LAST_ADMIN + "; it cannot be deleted");
            update(c, DELETE_SESSIONS, username);
            update(c, DELETE_USER, username);
        });
    }

    private static final String LAST_ADMIN = "the region needs at least one enabled region-admin";

    /** One change of {@code u}, knowing how many other enabled region-admins there are. */
    private interface Change {
        void apply(Connection c, User u, long otherEnabledAdmins) throws SQLException;
    }

    /** Runs {@code change} in a transaction holding every account row; false when there is no such account. */
    private boolean change(String username, Change change) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                User target = null;
                long admins = 0;
                try (PreparedStatement ps = c.prepareStatement(LOCK_USERS); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        User u = new User(rs.getString(1), RegionRole.parse(rs.getString(2)), rs.getLong(3),
                                rs.getBoolean(4));
                        if (u.username().equals(username)) {
                            target = u;
                        } else if (u.role() == RegionRole.REGION_ADMIN && !u.disabled()) {
                            admins++;
                        }
                    }
                }
                if (target == null) {
                    c.rollback();
                    return false;
                }
                change.apply(c, target, admins);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Ends every session of {@code username} but {@code keepToken}'s (null: all). */
    private void endSessions(Connection c, String username, String keepToken) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REVOKE_USER_SESSIONS)) {
            ps.setLong(1, clock.millis());
            ps.setString(2, username);
            ps.setString(3, keepToken == null ? "" : Passwords.sha256(keepToken));
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
