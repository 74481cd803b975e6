package org.ssk.hub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.hub.ledger.Database;

/** The running hub's copy of the shelf secrets follows what the command line changes in the database. */
class ShelfCredentialsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
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
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void secretsIssuedAndRevokedFromTheCommandLineReachTheRunningHubWithinTheRereadTime(@TempDir Path dir)
            throws Exception {
        Database db = Database.open("jdbc:sqlite:" + dir.resolve("hub.db"));
        ShelfCredentials hub = new ShelfCredentials(db, clock);
        ShelfCredentials cli = new ShelfCredentials(db, clock);

        String first = cli.issue("S1");
        assertTrue(hub.valid("S1", bytes(first)), "a secret issued elsewhere is read on first use");
        assertFalse(hub.valid("S1", bytes("guess")));
        assertEquals(1, hub.list().size());

        String second = cli.issue("S1");
        now.addAndGet(ShelfCredentials.REREAD_MS);
        assertTrue(hub.valid("S1", bytes(second)), "the rotated secret works after the reread time");
        assertFalse(hub.valid("S1", bytes(first)), "the old one no longer does");

        cli.revoke("S1");
        assertTrue(hub.valid("S1", bytes(second)), "within the reread time the hub still has its copy");
        now.addAndGet(ShelfCredentials.REREAD_MS);
        assertFalse(hub.valid("S1", bytes(second)), "after it, the revocation holds");
        assertEquals(0, hub.list().size());

        String own = hub.issue("S2");
        assertTrue(hub.valid("S2", bytes(own)));
        hub.revoke("S2");
        assertFalse(hub.valid("S2", bytes(own)), "the hub's own revocation is immediate");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
