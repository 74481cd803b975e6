package org.ssk.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ssk.hub.catalog.Catalog;
import org.ssk.hub.ledger.Database;
import org.ssk.hub.ledger.JdbcStorage;
import org.ssk.hub.ledger.JdbcLedger;
import org.ssk.hub.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The month report over a large ledger: generates {@code --entries} ledger entries for one month
 * ({@link LedgerGenerator}: lifts, picks and sale lines on N shelves × 8 lanes, straight into the
 * ledger tables of a freshly migrated SQLite file or PostgreSQL schema), then times
 * {@link Reports#report} for each dimension over that month, twice (the first run reads from
 * disk, the second mostly from cache). The generated data lives in the run's directory or schema
 * and is removed afterwards (the SQLite file unless {@code --keep}; the schema always).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Time of the month report over millions of generated ledger entries, SQLite and PostgreSQL.")
final class ReportCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--ledger", split = ",", defaultValue = "sqlite,postgres", description = "sqlite and/or postgres.")
    List<BenchLedger.Kind> ledgers;

    @Option(names = "--entries", defaultValue = "10000000", description = "Ledger entries to generate (lifts, picks, sale lines).")
    long entries;

    @Option(names = "--shelves", defaultValue = "1000")
    int shelves;

    @Option(names = "--month", defaultValue = "2026-10", description = "The month the entries fall in and the report covers.")
    YearMonth month;

    @Option(names = "--dimension", split = ",", defaultValue = "month,product,county,producer,shelf,day,week,certification")
    List<Reports.Dimension> dimensions;

    @Option(names = "--drop-report-indexes", description = "Drop the V20 report indexes before timing (to measure without them).")
    boolean dropIndexes;

    @Option(names = "--old-path", description = "Also time loading the period's entries through the Ledger API"
            + " (what the reports did before they summed in SQL).")
    boolean oldPath;

    @Option(names = "--pg-url", defaultValue = BenchLedger.DEFAULT_PG_URL)
    String pgUrl;

    @Option(names = "--keep", description = "Keep the generated SQLite file.")
    boolean keep;

    @Option(names = "--data-dir", defaultValue = "bench/target/bench-data")
    Path dataDir;

    static final String[] HEADER = {"ledger", "entries", "dimension", "rows", "units", "pickups",
            "1st run ms", "2nd run ms", "load 1m"};

    @Override
    public Integer call() throws Exception {
        System.out.println("command: java -jar bench/target/bench.jar report --ledger "
                + String.join(",", ledgers.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList()) + " --entries "
                + entries + " --shelves " + shelves + " --month " + month + " --dimension "
                + String.join(",", dimensions.stream().map(d -> d.name().toLowerCase(Locale.ROOT)).toList())
                + (dropIndexes ? " --drop-report-indexes" : "") + (oldPath ? " --old-path" : ""));
        System.out.println(Stats.machine());
        List<String[]> rows = new ArrayList<>();
        for (BenchLedger.Kind kind : ledgers) {
            if (kind == BenchLedger.Kind.MEMORY) {
                throw new IllegalArgumentException("--ledger: the report needs sqlite or postgres");
            }
            Path dir = dataDir.resolve("report-" + kind + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            Database db = BenchLedger.database(kind, dir, pgUrl);
            try {
                run(kind, db, rows);
            } finally {
                BenchLedger.dropSchema(db);
                if (!keep && kind == BenchLedger.Kind.SQLITE) {
                    for (String f : List.of("ledger.db", "ledger.db-wal", "ledger.db-shm")) {
                        Files.deleteIfExists(dir.resolve(f));
                    }
                }
            }
        }
        System.out.println("load average at the end: " + Stats.loadAverage());
        return 0;
    }

    private void run(BenchLedger.Kind kind, Database db, List<String[]> rows) throws Exception {
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth();
        long fromMs = from.atStartOfDay(JdbcStorage.CENTER_ZONE).toInstant().toEpochMilli();
        long toMs = to.plusDays(1).atStartOfDay(JdbcStorage.CENTER_ZONE).toInstant().toEpochMilli();
        Catalog catalog = new Catalog(db);
        BenchLedger.writeCatalog(catalog, shelves, fromMs - 86_400_000L);
        long t0 = System.nanoTime();
        LedgerGenerator.Counts counts = new LedgerGenerator(db, shelves, fromMs, toMs).generate(entries);
        double genS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // What autovacuum / a long-running database has: planner statistics and, for
            // PostgreSQL, the visibility map that lets it answer from the index alone.
            s.execute(kind == BenchLedger.Kind.POSTGRES ? "VACUUM ANALYZE" : "ANALYZE");
            if (dropIndexes) {
                s.execute("DROP INDEX sale_line_report");
                s.execute("DROP INDEX shelf_event_report");
            }
        }
        System.out.printf(Locale.ROOT, "%s: generated %d shelf events and %d sale lines in %.1f s (%.0f entries/s);"
                        + " %s in %.1f s%n", kind, counts.events(), counts.saleLines(), genS,
                (counts.events() + counts.saleLines()) / genS,
                kind == BenchLedger.Kind.POSTGRES ? "VACUUM ANALYZE" : "ANALYZE", (System.nanoTime() - t1) / 1e9);
        try (JdbcLedger ledger = new JdbcLedger(db, Clock.systemUTC())) {
            Reports reports = new Reports(catalog, ledger, JdbcStorage.CENTER_ZONE);
            for (Reports.Dimension dim : dimensions) {
                long a = System.nanoTime();
                Reports.Report first = reports.report(dim, from, to);
                long b = System.nanoTime();
                Reports.Report second = reports.report(dim, from, to);
                long c = System.nanoTime();
                if (!first.total().equals(second.total()) || first.total().units() != counts.units()
                        || first.total().pickups() != counts.lifts()) {
                    throw new IllegalStateException("the " + dim + " report's totals " + first.total()
                            + " are not the generated ones " + counts);
                }
                rows.add(new String[] {kind.name().toLowerCase(Locale.ROOT), Long.toString(counts.events()
                        + counts.saleLines()), dim.name().toLowerCase(Locale.ROOT),
                        Integer.toString(first.rows().size()), Long.toString(first.total().units()),
                        Long.toString(first.total().pickups()), Stats.ms(b - a), Stats.ms(c - b),
                        Stats.loadAverage().split(" ")[0]});
                Stats.table(System.out, HEADER, rows);
            }
            if (oldPath) {
                long a = System.nanoTime();
                long loaded = ledger.events(fromMs, toMs).size() + ledger.sales(fromMs, toMs).size();
                rows.add(new String[] {kind.name().toLowerCase(Locale.ROOT), Long.toString(loaded),
                        "(before: load the entries)", "-", "-", "-", Stats.ms(System.nanoTime() - a), "-",
                        Stats.loadAverage().split(" ")[0]});
                Stats.table(System.out, HEADER, rows);
            }
        }
    }
}
