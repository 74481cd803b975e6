package org.ssk.hub.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An append that returned survives the process being killed (SIGKILL) right after. */
class LedgerCrashTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void everyEventWhoseAppendReturnedIsStoredAfterTheWriterIsKilled() throws Exception {
        Path db = dir.resolve("crash.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), db.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<String> confirmed = new HashSet<>();
        try {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (confirmed.size() < 300 && (line = out.readLine()) != null) {
                    if (line.startsWith("stored ")) {
                        confirmed.add("K1/crash/" + line.substring(7));
                    }
                }
                // Through the handle: Process.destroyForcibly would also close our end of its stdout.
                child.toHandle().destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child did not die");
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("stored ")) {
                        confirmed.add("K1/crash/" + line.substring(7));
                    }
                }
            }
        } finally {
            child.toHandle().destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(confirmed.size() >= 300, "the child confirmed only " + confirmed.size());
        JdbcLedger ledger = new JdbcLedger(Database.open("jdbc:sqlite:" + db), Clock.systemUTC());
        try {
            List<StoredEvent> stored = ledger.events("K1");
            Set<String> ids = new HashSet<>();
            stored.forEach(e -> ids.add(e.eventId()));
            Set<String> lost = new HashSet<>(confirmed);
            lost.removeAll(ids);
            assertTrue(lost.isEmpty(), "confirmed but lost: " + lost);
        } finally {
            ledger.close();
        }
    }
}
