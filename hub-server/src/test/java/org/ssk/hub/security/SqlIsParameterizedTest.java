package org.ssk.hub.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SQL is built only from constants, and values travel as parameters: every JDBC call that takes
 * SQL text ({@code prepareStatement}, {@code executeQuery}, {@code executeUpdate}, {@code execute},
 * {@code addBatch}) in the hub's and the agent's code gets a string literal or an UPPER_CASE
 * constant (themselves concatenations of constants only, which the compiler guarantees for
 * {@code static final String}). The few exceptions are listed with the reason they are safe.
 */
class SqlIsParameterizedTest {
    private static final Pattern CALL = Pattern.compile(
            "\\.(prepareStatement|executeQuery|executeUpdate|execute|addBatch)\\(([^()]*(\\([^()]*\\))?[^()]*)\\)");
    private static final String ONE = "(\"([^\"\\\\]|\\\\.)*\"|([A-Za-z_][A-Za-z0-9_]*\\.)*[A-Z][A-Z0-9_]*)";
    /** Literals and constants joined by {@code +}, then maybe more arguments (generated-key columns). */
    private static final Pattern CONSTANT = Pattern.compile(ONE + "(\\s*\\+\\s*" + ONE + ")*(\\s*,.*)?");
    /** file name → the argument allowed there, and why. */
    private static final Map<String, java.util.Set<String>> ALLOWED = Map.ofEntries(
            // Private helpers called with the class's SQL constants only.
            Map.entry("Accounts.java", java.util.Set.of("sql")),
            // The ledger writer's fault-test seam: LedgerSql's constants and PRAGMAs the tests give (never user input).
            Map.entry("WriterConnection.java", java.util.Set.of("sql")),
            // The ledger's private read helper, called with LedgerSql's constants only.
            Map.entry("LedgerReads.java", java.util.Set.of("sql")),
            // The quarantine's private helpers, called with the class's SQL constants only.
            Map.entry("QuarantineWrites.java", java.util.Set.of("sql")),
            // The chain's read of unchained rows: a SELECT built from its own constant table and column lists.
            Map.entry("LedgerChain.java", java.util.Set.of("s.unchained()")),
            // Restoring from the region: the same constant SELECT, an INSERT built from the chain's
            // constant table and column lists (values as parameters), and one of two constant locks.
            Map.entry("ChainRestore.java", java.util.Set.of("s.unchained()", "insert",
                    "db.dialect() == Database.Dialect.POSTGRESQL ? LOCK_PG : LOCK_SQLITE")),
            // Multi-row event inserts: LedgerSql's constant text repeated for a row count of ours.
            Map.entry("LedgerWrites.java", java.util.Set.of("sql")),
            // Report SQL shaped by the grouping (fixed column lists) and the zone's offset, a number of ours.
            Map.entry("ReportSql.java", java.util.Set.of("sql")),
            Map.entry("Outbox.java", java.util.Set.of("\"PRAGMA \" + p", "\"PRAGMA \" + pragma")),
            // picocli's CommandLine.execute(String...), not JDBC.
            Map.entry("Main.java", java.util.Set.of("args")),
            // The PostgreSQL schema name from the hub's configuration, double-quoted with quotes removed.
            Map.entry("Database.java", java.util.Set.of("\"SET search_path TO \\\"\" + schema.replace(\"\\\"\", \"\") + \"\\\"\"")));

    @Test
    void everySqlTextIsALiteralOrAConstant() throws IOException {
        List<String> offences = new ArrayList<>();
        int calls = 0;
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../shelf-agent/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String src = Files.readString(f).replaceAll("\\s*\\n\\s*", " ");
                    Matcher m = CALL.matcher(src);
                    while (m.find()) {
                        String arg = m.group(2).trim();
                        if (arg.isEmpty()) {
                            continue;
                        }
                        calls++;
                        boolean ok = CONSTANT.matcher(arg).matches()
                                || ALLOWED.getOrDefault(f.getFileName().toString(), java.util.Set.of()).contains(arg);
                        if (!ok) {
                            offences.add(f.getFileName() + ": ." + m.group(1) + "(" + arg + ")");
                        }
                    }
                }
            }
        }
        assertTrue(calls > 50, "the scan found the JDBC calls (" + calls + ")");
        assertEquals(List.of(), offences);
    }
}
