package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.protocol.Restock;

class SqliteLedgerTest extends LedgerContract {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() throws Exception {
        return TestDatabases.sqlite(dir);
    }

    @Test
    void anOnlineBackupOpensAsADatabaseWithEveryCommittedEvent() throws Exception {
        for (int i = 1; i <= 50; i++) {
            ledger.append(new Restock("S1", "e1", i, i, "1", "a", 1, 250));
        }
        Path copy = dir.resolve("backups/hub-copy.db");
        db.backupTo(copy);
        Database restored = Database.open("jdbc:sqlite:" + copy);
        JdbcLedger reopened = new JdbcLedger(restored, Clock.systemUTC());
        try {
            assertEquals(Map.of("1", 50), reopened.stockByLane("S1"));
        } finally {
            reopened.close();
        }
    }

    @Test
    void aBackupNeverOverwritesAnExistingFile() throws Exception {
        Path copy = dir.resolve("copy.db");
        db.backupTo(copy);
        var e = assertThrows(java.sql.SQLException.class, () -> db.backupTo(copy));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    }
}
