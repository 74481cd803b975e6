package org.ssk.hub.ledger;

import java.time.Clock;
import org.ssk.protocol.Pick;

/**
 * Child process of {@link LedgerCrashTest}: appends picks to the SQLite ledger at {@code args[0]}
 * from four threads and prints each sequence number after {@code append} returned, until killed.
 */
public final class AppendUntilKilled {
    private AppendUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        JdbcLedger ledger = new JdbcLedger(Database.open("jdbc:sqlite:" + args[0]), Clock.systemUTC());
        java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
        Runnable work = () -> {
            while (true) {
                long s = seq.incrementAndGet();
                try {
                    ledger.append(new Pick("K1", "crash", s, s, "1", "x", 1, 100));
                } catch (Exception e) {
                    System.err.println("append failed: " + e);
                    return;
                }
                synchronized (System.out) {
                    System.out.println("stored " + s);
                    System.out.flush();
                }
            }
        };
        for (int i = 0; i < 4; i++) {
            Thread.ofPlatform().start(work);
        }
    }
}
