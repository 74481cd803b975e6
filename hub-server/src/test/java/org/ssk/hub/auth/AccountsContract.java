package org.ssk.hub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssk.hub.ledger.Database;

/** Accounts and tokens, run against SQLite and PostgreSQL (bcrypt cost 4 to stay fast). */
abstract class AccountsContract {
    protected Database db;
    private Accounts accounts;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T08:00:00Z"));

    protected abstract Database openDatabase() throws Exception;

    protected void dropDatabase(Database db) throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        accounts = new Accounts(db, clock, 4, Duration.ofHours(1).toMillis());
    }

    @AfterEach
    void close() throws Exception {
        dropDatabase(db);
    }

    @Test
    void theFirstAdminCanBeCreatedOnlyOnceAndLogsIn() throws Exception {
        accounts.createFirstAdmin("root", "correct horse".toCharArray());
        var e = assertThrows(IllegalStateException.class,
                () -> accounts.createFirstAdmin("root2", "battery staple".toCharArray()));
        assertTrue(e.getMessage().contains("exists already"));
        var session = accounts.login("root", "correct horse".toCharArray()).orElseThrow();
        assertEquals(Role.ADMIN, accounts.authenticate(session.token()).orElseThrow().role());
    }

    @Test
    void aWrongPasswordOrUnknownUserGetsNoSession() throws Exception {
        accounts.createUser("staff1", Role.STAFF, "restock-2026".toCharArray());
        assertTrue(accounts.login("staff1", "restock-2027".toCharArray()).isEmpty());
        assertTrue(accounts.login("nobody", "restock-2026".toCharArray()).isEmpty());
        assertTrue(accounts.login("staff1", "restock-2026".toCharArray()).isPresent());
    }

    @Test
    void shortPasswordsAndDuplicateNamesAreRefusedInWords() throws Exception {
        var shortOne = assertThrows(IllegalArgumentException.class,
                () -> accounts.createUser("op", Role.OPERATOR, "short".toCharArray()));
        assertTrue(shortOne.getMessage().contains("at least 10"), shortOne.getMessage());
        accounts.createUser("op", Role.OPERATOR, "long enough pw".toCharArray());
        var dup = assertThrows(IllegalArgumentException.class,
                () -> accounts.createUser("op", Role.STAFF, "another long pw".toCharArray()));
        assertTrue(dup.getMessage().contains("exists already"), dup.getMessage());
    }

    @Test
    void sessionsExpireAndCanBeEndedAndKioskTokensAreReadOnlyUntilRevoked() throws Exception {
        accounts.createUser("op", Role.OPERATOR, "long enough pw".toCharArray());
        String session = accounts.login("op", "long enough pw".toCharArray()).orElseThrow().token();
        String kiosk = accounts.issueKioskToken("kiosk S1", "S1");
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertTrue(accounts.authenticate(session).isPresent());
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertTrue(accounts.authenticate(session).isEmpty(), "expired after an hour");
        var k = accounts.authenticate(kiosk).orElseThrow();
        assertTrue(k.readOnly());
        assertEquals("kiosk S1", k.label());
        assertTrue(accounts.revoke(kiosk));
        assertFalse(accounts.revoke(kiosk));
        assertTrue(accounts.authenticate(kiosk).isEmpty());
        assertTrue(accounts.authenticate("not-a-token").isEmpty());
    }

    @Test
    void neitherPasswordsNorTokensAreStoredInClear() throws Exception {
        accounts.createUser("op", Role.OPERATOR, "long enough pw".toCharArray());
        String token = accounts.login("op", "long enough pw".toCharArray()).orElseThrow().token();
        StringBuilder all = new StringBuilder();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String q : new String[] {"SELECT password_hash FROM app_user", "SELECT token_hash FROM auth_token"}) {
                try (ResultSet rs = s.executeQuery(q)) {
                    while (rs.next()) {
                        all.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        assertFalse(all.toString().contains("long enough pw"));
        assertFalse(all.toString().contains(token));
        assertTrue(all.toString().startsWith("$2a$04$"), "bcrypt");
    }
}
