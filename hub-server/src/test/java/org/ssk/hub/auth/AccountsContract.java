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

    @Test
    void theLastEnabledAdminIsNeitherDemotedNorDisabledNorDeleted() throws Exception {
        accounts.createFirstAdmin("root", "correct horse".toCharArray());
        accounts.createUser("op", Role.OPERATOR, "long enough pw".toCharArray());
        assertThrows(org.ssk.webauth.AccountRules.LastAdmin.class, () -> accounts.updateUser("root", Role.STAFF, null, null));
        assertThrows(org.ssk.webauth.AccountRules.LastAdmin.class, () -> accounts.updateUser("root", null, true, null));
        assertThrows(org.ssk.webauth.AccountRules.LastAdmin.class, () -> accounts.deleteUser("root"));
        assertEquals(Role.ADMIN, accounts.users().get(1).role(), "nothing of a refused change is kept");
        assertFalse(accounts.users().get(1).disabled());
        accounts.updateUser("op", Role.ADMIN, null, null);
        assertTrue(accounts.deleteUser("root"), "with another admin the first one may go");
        assertFalse(accounts.deleteUser("root"));
        assertFalse(accounts.updateUser("root", null, true, null));
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneEnabled() throws Exception {
        // A second store on the same database: another hub process, or create-admin's, shares no lock in memory.
        Accounts other = new Accounts(db, Clock.systemUTC(), 4, Duration.ofHours(1).toMillis());
        for (int round = 0; round < 5; round++) {
            String a = "a" + round;
            String b = "b" + round;
            accounts.createUser(a, Role.ADMIN, "long enough pw".toCharArray());
            accounts.createUser(b, Role.ADMIN, "long enough pw".toCharArray());
            for (var u : accounts.users()) {
                if (!u.username().equals(a) && !u.username().equals(b) && u.role() == Role.ADMIN) {
                    accounts.updateUser(u.username(), Role.OPERATOR, null, null);
                }
            }
            var start = new java.util.concurrent.CountDownLatch(1);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = pool.submit(() -> {
                    start.await();
                    return accounts.updateUser(a, null, true, null);
                });
                var second = pool.submit(() -> {
                    start.await();
                    return other.deleteUser(b);
                });
                start.countDown();
                int refused = 0;
                for (var f : java.util.List.of(first, second)) {
                    try {
                        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertTrue(e.getCause() instanceof org.ssk.webauth.AccountRules.LastAdmin, e.getCause().toString());
                        refused++;
                    }
                }
                assertEquals(1, refused, "round " + round + ": exactly one of the two changes is refused");
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, accounts.users().stream().filter(u -> u.role() == Role.ADMIN && !u.disabled()).count(),
                    "round " + round);
        }
    }

    @Test
    void aNewRoleADisableAResetAndADeletionEndTheAccountsSessions() throws Exception {
        accounts.createFirstAdmin("root", "correct horse".toCharArray());
        accounts.createUser("op", Role.OPERATOR, "long enough pw".toCharArray());
        String kiosk = accounts.issueKioskToken("kiosk S1", "S1");
        String s1 = accounts.login("op", "long enough pw".toCharArray()).orElseThrow().token();
        accounts.updateUser("op", Role.OPERATOR, null, null);
        assertTrue(accounts.authenticate(s1).isPresent(), "the same role again changes nothing");
        accounts.updateUser("op", Role.STAFF, null, null);
        assertTrue(accounts.authenticate(s1).isEmpty(), "a new role ends the sessions");
        String s2 = accounts.login("op", "long enough pw".toCharArray()).orElseThrow().token();
        accounts.updateUser("op", null, true, null);
        accounts.updateUser("op", null, false, null);
        assertTrue(accounts.authenticate(s2).isEmpty(), "disabling ends them, enabling does not revive them");
        String s3 = accounts.login("op", "long enough pw".toCharArray()).orElseThrow().token();
        String generated = accounts.generatePassword();
        assertTrue(accounts.resetPassword("op", generated.toCharArray()));
        assertTrue(accounts.authenticate(s3).isEmpty(), "a reset ends them");
        assertTrue(accounts.login("op", "long enough pw".toCharArray()).isEmpty());
        String s4 = accounts.login("op", generated.toCharArray()).orElseThrow().token();
        assertTrue(accounts.deleteUser("op"));
        accounts.createUser("op", Role.ADMIN, "another long pw".toCharArray());
        assertTrue(accounts.authenticate(s4).isEmpty(), "a new account of the same name gets no old session");
        assertTrue(accounts.authenticate(kiosk).isPresent(), "kiosk tokens are no one's session");
    }

    @Test
    void anOwnNewPasswordNeedsTheOldOneAndEndsTheOtherSessionsOnly() throws Exception {
        accounts.createUser("sam", Role.STAFF, "restock-2026".toCharArray());
        String here = accounts.login("sam", "restock-2026".toCharArray()).orElseThrow().token();
        String elsewhere = accounts.login("sam", "restock-2026".toCharArray()).orElseThrow().token();
        assertFalse(accounts.changeOwnPassword("sam", "restock-2027".toCharArray(), "restock-2028".toCharArray(), here));
        assertTrue(accounts.authenticate(elsewhere).isPresent(), "a wrong old password changes nothing");
        assertThrows(IllegalArgumentException.class,
                () -> accounts.changeOwnPassword("sam", "restock-2026".toCharArray(), "short".toCharArray(), here));
        assertTrue(accounts.changeOwnPassword("sam", "restock-2026".toCharArray(), "restock-2028".toCharArray(), here));
        assertTrue(accounts.authenticate(here).isPresent());
        assertTrue(accounts.authenticate(elsewhere).isEmpty());
        assertTrue(accounts.login("sam", "restock-2026".toCharArray()).isEmpty());
        assertTrue(accounts.login("sam", "restock-2028".toCharArray()).isPresent());
    }
}
