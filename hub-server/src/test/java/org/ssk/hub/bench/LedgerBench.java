package org.ssk.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.protocol.Pick;

/**
 * Append throughput and latency of the ledger on a SQLite file (WAL, synchronous=FULL) or a
 * PostgreSQL URL, for 1 and several concurrent callers: shows what group commit buys. Not a test.
 * Run: {@code java -cp <test-classpath> org.ssk.hub.bench.LedgerBench [jdbc-url] [appends]}.
 */
public final class LedgerBench {
    private LedgerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ledger-bench");
        String url = args.length > 0 ? args[0] : "jdbc:sqlite:" + dir.resolve("bench.db");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Database db = Database.open(url);
        JdbcLedger ledger = new JdbcLedger(db, Clock.systemUTC());
        AtomicLong seq = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
        System.out.printf("%-8s %8s %12s %10s %10s%n", "callers", "appends", "appends/s", "p50 ms", "p99 ms");
        for (int callers : new int[] {1, 4, 16}) {
            List<Long> lat = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            long start = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(() -> {
                    long s = seq.incrementAndGet();
                    long t0 = System.nanoTime();
                    ledger.append(new Pick("B1", "bench", s, s, "1", "x", 1, 100));
                    lat.add(System.nanoTime() - t0);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(lat);
            Collections.sort(sorted);
            System.out.printf("%-8d %8d %12.0f %10.2f %10.2f%n", callers, n, n / secs,
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
        }
        ledger.close();
    }
}
