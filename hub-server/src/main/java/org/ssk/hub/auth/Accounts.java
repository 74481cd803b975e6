package org.ssk.hub.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.Optional;
import org.ssk.hub.ledger.Database;
import org.ssk.webauth.AccountRules;
import org.ssk.webauth.Passwords;

/**
 * Accounts (admin, operator, staff) with bcrypt passwords, login sessions and read-only kiosk
 * tokens. There is no default account: the first admin is created explicitly
 * ({@link #createFirstAdmin}, {@code hub-server create-admin}). Tokens are 256 random bits
 * (URL-safe base64) handed out once; only their SHA-256 is stored. Sessions expire after
 * {@code sessionMs}; kiosk tokens last until revoked. A change of role, state or password or a
 * deletion runs in one transaction holding every account row, so two changes at once (threads or
 * processes) cannot each remove one of the last two admins ({@link AccountRules#keepAnAdmin}).
 * Thread-safe; blocking. All SQL of the store is here.
 */
public final class Accounts {
    private static final String COUNT_ADMINS = "SELECT COUNT(*) FROM app_user WHERE role = 'admin'";
    private static final String INSERT_USER = "INSERT INTO app_user (username, role, password_hash, created_ms,"
            + " disabled) VALUES (?, ?, ?, ?, 0)";
    private static final String SELECT_USER = "SELECT role, password_hash, disabled FROM app_user WHERE username = ?";
    private static final String INSERT_TOKEN = "INSERT INTO auth_token (token_hash, kind, username, label, created_ms,"
            + " expires_ms, shelf_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String SELECT_TOKEN = "SELECT t.kind, t.username, t.label, t.expires_ms, t.revoked_ms,"
            + " u.role, u.disabled, t.shelf_id FROM auth_token t LEFT JOIN app_user u ON u.username = t.username"
            + " WHERE t.token_hash = ?";
    private static final String REVOKE_TOKEN = "UPDATE auth_token SET revoked_ms = ? WHERE token_hash = ?"
            + " AND revoked_ms IS NULL";
    private static final String REVOKE_USER_SESSIONS = "UPDATE auth_token SET revoked_ms = ? WHERE username = ?"
            + " AND kind = 'session' AND revoked_ms IS NULL AND token_hash <> ?";
    private static final String DELETE_SESSIONS = "DELETE FROM auth_token WHERE username = ? AND kind = 'session'";
    private static final String DELETE_USER = "DELETE FROM app_user WHERE username = ?";
    /** A write of every account row, changing nothing: the lock a change of accounts starts with. */
    private static final String LOCK_USERS = "UPDATE app_user SET disabled = disabled";
    private static final String LIST_USERS = "SELECT username, role, created_ms, disabled FROM app_user ORDER BY username";
    private static final String UPDATE_ROLE = "UPDATE app_user SET role = ? WHERE username = ?";
    private static final String UPDATE_DISABLED = "UPDATE app_user SET disabled = ? WHERE username = ?";
    private static final String UPDATE_PASSWORD = "UPDATE app_user SET password_hash = ? WHERE username = ?";
    private static final String LIST_KIOSK_TOKENS = "SELECT token_hash, label, created_ms, shelf_id FROM auth_token"
            + " WHERE kind = 'kiosk' AND revoked_ms IS NULL ORDER BY created_ms";
    private static final String REVOKE_KIOSK = "UPDATE auth_token SET revoked_ms = ? WHERE kind = 'kiosk'"
            + " AND token_hash LIKE ? AND revoked_ms IS NULL";

    /**
     * Who a token belongs to: a user with a role, or a kiosk ({@code username} null, label set,
     * {@code shelf} the one shelf its display may show; null for a user, or for a kiosk token
     * issued before tokens named their shelf).
     */
    public record Principal(String username, Role role, String label, String shelf) {
        public Principal(String username, Role role, String label) {
            this(username, role, label, null);
        }

        public boolean readOnly() {
            return role.readOnly();
        }

        /** Whether this principal may see shelf {@code id}'s kiosk stream: staff any, a kiosk only its own. */
        public boolean mayShowShelf(String id) {
            return role != Role.KIOSK || shelf == null || shelf.equals(id);
        }
    }

    /** An account as listed to admins (never its hash). */
    public record User(String username, Role role, long createdMs, boolean disabled) {
    }

    /** A kiosk token as listed to admins: {@code id} is the first 12 hex digits of its hash, never the token. */
    public record KioskToken(String id, String label, long createdMs, String shelf) {
    }

    /** A fresh session: the token to send as {@code Authorization: Bearer …}, valid until {@code expiresMs}. */
    public record Session(String token, String username, Role role, long expiresMs) {
    }

    private final Database db;
    private final Clock clock;
    private final Passwords passwords;
    private final long sessionMs;

    /** {@code cost}: bcrypt log2 rounds (12 in production; tests may use 4). */
    public Accounts(Database db, Clock clock, int cost, long sessionMs) {
        this.db = db;
        this.clock = clock;
        this.passwords = new Passwords(cost);
        this.sessionMs = sessionMs;
    }

    public static Accounts standard(Database db) {
        return new Accounts(db, Clock.systemUTC(), 12, 12 * 3_600_000L);
    }

    /** Creates the first admin; refuses when an admin exists already. */
    public void createFirstAdmin(String username, char[] password) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(COUNT_ADMINS);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IllegalStateException("an admin account exists already; add users as that admin");
            }
        }
        createUser(username, Role.ADMIN, password);
    }

    /** Creates an account; the password is checked ({@link Passwords#check}) and only its hash kept. */
    public void createUser(String username, Role role, char[] password) throws SQLException {
        AccountRules.checkUsername(username);
        if (role == Role.KIOSK) {
            throw new IllegalArgumentException("kiosks get tokens (issueKioskToken), not accounts");
        }
        String hash = passwords.hash(password);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(INSERT_USER)) {
            ps.setString(1, username);
            ps.setString(2, role.wireName());
            ps.setString(3, hash);
            ps.setLong(4, clock.millis());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (exists(username)) {
                throw new IllegalArgumentException("user " + username + " exists already");
            }
            throw e;
        }
    }

    private boolean exists(String username) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_USER)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A session for the right password of an enabled account; empty otherwise (same answer for both). */
    public Optional<Session> login(String username, char[] password) throws SQLException {
        String hash = null;
        Role role = null;
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_USER)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt(3) == 0) {
                    role = Role.parse(rs.getString(1));
                    hash = rs.getString(2);
                }
            }
        }
        // An unknown or disabled name costs one bcrypt verification as a known one does, so the
        // answer's time does not tell which names exist.
        if (!passwords.verify(password, hash)) {
            return Optional.empty();
        }
        long expires = clock.millis() + sessionMs;
        String token = insertToken("session", username, null, expires, null);
        return Optional.of(new Session(token, username, role, expires));
    }

    /**
     * How many bcrypt verifications {@link #login} ran: one per attempt, whether the name exists or
     * not (what keeps sign-in time from telling names apart).
     */
    public long passwordChecks() {
        return passwords.checks();
    }

    /**
     * A read-only token for the display of {@code shelf}, labelled (e.g. "kiosk S1"); valid until
     * revoked. With it the kiosk stream of that shelf only is served (another shelf's: 403).
     */
    public String issueKioskToken(String label, String shelf) throws SQLException {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a kiosk token needs a label");
        }
        if (shelf == null || !org.ssk.protocol.Topics.SHELF_ID.matcher(shelf).matches()) {
            throw new IllegalArgumentException("a kiosk token is for one shelf: an id of 1-32 of A-Z a-z 0-9 _ -, was: "
                    + shelf);
        }
        return insertToken("kiosk", null, label, null, shelf);
    }

    /** Who {@code token} belongs to; empty when unknown, expired, revoked or its user disabled. */
    public Optional<Principal> authenticate(String token) throws SQLException {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_TOKEN)) {
            ps.setString(1, sha256(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(5) != null) {
                    return Optional.empty();
                }
                if (rs.getObject(4) != null && rs.getLong(4) <= clock.millis()) {
                    return Optional.empty();
                }
                if (rs.getString(1).equals("kiosk")) {
                    return Optional.of(new Principal(null, Role.KIOSK, rs.getString(3), rs.getString(8)));
                }
                if (rs.getString(6) == null || rs.getInt(7) != 0) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(rs.getString(2), Role.parse(rs.getString(6)), null));
            }
        }
    }

    /** Ends a session or revokes a kiosk token; true when it was valid. */
    public boolean revoke(String token) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(REVOKE_TOKEN)) {
            ps.setLong(1, clock.millis());
            ps.setString(2, sha256(token));
            return ps.executeUpdate() == 1;
        }
    }

    /** Every account, by name. */
    public java.util.List<User> users() throws SQLException {
        java.util.List<User> out = new java.util.ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(LIST_USERS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new User(rs.getString(1), Role.parse(rs.getString(2)), rs.getLong(3), rs.getInt(4) != 0));
            }
        }
        return out;
    }

    /**
     * Changes an account's role and/or enabled state and/or password (null: unchanged). A new
     * role, disabling or a new password ends the account's sessions. {@link AccountRules.LastAdmin}
     * when no enabled admin would be left. False when there is no such user.
     */
    public boolean updateUser(String username, Role role, Boolean disabled, char[] password) throws SQLException {
        if (role == Role.KIOSK) {
            throw new IllegalArgumentException("kiosks get tokens, not accounts");
        }
        String hash = password == null ? null : passwords.hash(password);
        return change(username, (c, u, otherAdmins) -> {
            boolean staysAdmin = (role == null ? u.role() : role) == Role.ADMIN
                    && !(disabled == null ? u.disabled() : disabled);
            AccountRules.keepAnAdmin(staysAdmin, otherAdmins, LAST_ADMIN + "; make another admin first");
            if (role != null) {
                update(c, UPDATE_ROLE, role.wireName(), username);
            }
            if (disabled != null) {
                update(c, UPDATE_DISABLED, disabled ? 1 : 0, username);
            }
            if (hash != null) {
                update(c, UPDATE_PASSWORD, hash, username);
            }
            if ((role != null && role != u.role()) || Boolean.TRUE.equals(disabled) || hash != null) {
                endSessions(c, username, null);
            }
        });
    }

    /** A new random password for an admin's reset ({@link Passwords#generate}), to be shown once. */
    public String generatePassword() {
        return passwords.generate();
    }

    /**
     * An admin's reset of {@code username}'s password (checked); every session of the account
     * ends. False when there is no such user.
     */
    public boolean resetPassword(String username, char[] password) throws SQLException {
        return updateUser(username, null, null, password);
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
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(SELECT_USER)) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getInt(3) == 0) {
                    old = rs.getString(2);
                }
            }
        }
        if (!passwords.verify(oldPassword, old)) {
            return false;
        }
        String hash = passwords.hash(newPassword);
        return change(username, (c, u, otherAdmins) -> {
            update(c, UPDATE_PASSWORD, hash, username);
            endSessions(c, username, currentToken);
        });
    }

    /**
     * Deletes an account and its sessions; {@link AccountRules.LastAdmin} for the last enabled
     * admin. False when there is no such user.
     */
    public boolean deleteUser(String username) throws SQLException {
        return change(username, (c, u, otherAdmins) -> {
            AccountRules.keepAnAdmin(u.role() != Role.ADMIN || u.disabled(), otherAdmins,
                    LAST_ADMIN + "; it cannot be deleted");
            update(c, DELETE_SESSIONS, username);
            update(c, DELETE_USER, username);
        });
    }

    private static final String LAST_ADMIN = "the hub needs at least one enabled admin";

    /** One change of account {@code u}, knowing how many other enabled admins there are. */
    private interface Change {
        void apply(Connection c, User u, long otherEnabledAdmins) throws SQLException;
    }

    /**
     * Runs {@code change} in one transaction that first writes every account row ({@code LOCK_USERS}):
     * that takes SQLite's write lock, or PostgreSQL's row locks, before anything is read, so a
     * second change (another thread, another process) waits and then counts the admins this one
     * left. False when there is no such user.
     */
    private boolean change(String username, Change change) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                update(c, LOCK_USERS);
                User target = null;
                long admins = 0;
                try (PreparedStatement ps = c.prepareStatement(LIST_USERS); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        User u = new User(rs.getString(1), Role.parse(rs.getString(2)), rs.getLong(3), rs.getInt(4) != 0);
                        if (u.username().equals(username)) {
                            target = u;
                        } else if (u.role() == Role.ADMIN && !u.disabled()) {
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

    /** Ends every session of {@code username} but {@code keepToken}'s (null: all); kiosk tokens are no one's. */
    private void endSessions(Connection c, String username, String keepToken) throws SQLException {
        update(c, REVOKE_USER_SESSIONS, clock.millis(), username, keepToken == null ? "" : sha256(keepToken));
    }

    private static void update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    /** Kiosk tokens still valid. */
    public java.util.List<KioskToken> kioskTokens() throws SQLException {
        java.util.List<KioskToken> out = new java.util.ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(LIST_KIOSK_TOKENS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new KioskToken(rs.getString(1).substring(0, 12), rs.getString(2), rs.getLong(3), rs.getString(4)));
            }
        }
        return out;
    }

    /** Revokes the kiosk token listed with {@code id} ({@link KioskToken#id()}); false when none. */
    public boolean revokeKioskToken(String id) throws SQLException {
        if (id == null || !id.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("a kiosk token id is 12 hex digits, was: " + id);
        }
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(REVOKE_KIOSK)) {
            ps.setLong(1, clock.millis());
            ps.setString(2, id + "%");
            return ps.executeUpdate() > 0;
        }
    }

    private String insertToken(String kind, String username, String label, Long expiresMs, String shelf)
            throws SQLException {
        String token = passwords.newToken();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(INSERT_TOKEN)) {
            ps.setString(1, sha256(token));
            ps.setString(2, kind);
            ps.setString(3, username);
            ps.setString(4, label);
            ps.setLong(5, clock.millis());
            if (expiresMs == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, expiresMs);
            }
            ps.setString(7, shelf);
            ps.executeUpdate();
        }
        return token;
    }

    private static String sha256(String token) {
        return Passwords.sha256(token);
    }
}
