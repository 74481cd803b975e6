package org.ssk.hub.deploy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every row of every table of a SQLite hub database, as text ({@code column=value} joined, BLOBs
 * in hex), per table: what a backup must hold, compared row by row. Flyway's own history table is
 * left out (it is the schema's, not the ledger's).
 */
final class LedgerRows {
    /** The append-only tables of the ledger: rows are added, never changed or removed. */
    static final Set<String> LEDGER = Set.of("shelf_event", "sale_line", "stock_entry");

    private LedgerRows() {
    }

    static Map<String, Set<String>> of(Path db) throws Exception {
        Map<String, Set<String>> tables = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'flyway_%'")) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            for (String name : names) {
                Set<String> rows = new TreeSet<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM \"" + name + "\"")) {
                    ResultSetMetaData md = r.getMetaData();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = r.getObject(i);
                            row.append(i > 1 ? " | " : "").append(md.getColumnName(i)).append('=')
                                    .append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v));
                        }
                        rows.add(row.toString());
                    }
                }
                tables.put(name, rows);
            }
        }
        return tables;
    }
}
