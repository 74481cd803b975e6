package org.ssk.hub.ledger;

/** Every SQL statement of the ledger store, in one place; parameters only. */
final class LedgerSql {
    private LedgerSql() {
    }

    static final String INSERT_EVENT = "INSERT INTO shelf_event (event_id, type, shelf, lane, sku, t_ms, qty, grams,"
            + " detail, received_ms, unseen, cert_state, cert_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (event_id) DO NOTHING";
    /** Parameters per event row of {@link #INSERT_EVENT}. */
    static final int EVENT_PARAMS = 13;

    /** PostgreSQL only: the rows of {@link #INSERT_EVENT} as CSV, in order. */
    static final String COPY_EVENTS = "COPY shelf_event (event_id, type, shelf, lane, sku, t_ms, qty, grams, detail,"
            + " received_ms, unseen, cert_state, cert_number) FROM STDIN (FORMAT csv)";

    /** Most rows in one multi-row event insert: 13 parameters each, far below any driver's limit. */
    static final int EVENT_ROWS_PER_INSERT = 128;
    private static final String[] INSERT_EVENT_ROWS = new String[EVENT_ROWS_PER_INSERT + 1];

    /**
     * {@link #INSERT_EVENT} for {@code rows} rows in one statement, answering the ids it inserted
     * ({@code RETURNING}; a row whose id was stored before is skipped and not returned). Built only
     * from this class's text and placeholders.
     */
    static String insertEventRows(int rows) {
        if (rows < 1 || rows > EVENT_ROWS_PER_INSERT) {
            throw new IllegalArgumentException("1.." + EVENT_ROWS_PER_INSERT + " rows, not " + rows);
        }
        synchronized (INSERT_EVENT_ROWS) {
            String sql = INSERT_EVENT_ROWS[rows];
            if (sql == null) {
                String row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
                sql = INSERT_EVENT.substring(0, INSERT_EVENT.indexOf(row))
                        + String.join(", ", java.util.Collections.nCopies(rows, row))
                        + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
                INSERT_EVENT_ROWS[rows] = sql;
            }
            return sql;
        }
    }
    private static final String STOCK_ROWS = "SELECT lane, CASE type WHEN 'pick' THEN -qty ELSE qty END AS d"
            + " FROM shelf_event WHERE shelf = ? AND type IN ('pick', 'putback', 'restock')"
            + " UNION ALL SELECT lane, qty AS d FROM stock_entry WHERE shelf = ? AND kind IN ('stocktake', 'correction')";
    static final String STOCK_BY_LANE = "SELECT lane, SUM(d) FROM (" + STOCK_ROWS + ") x GROUP BY lane ORDER BY lane";
    static final String STOCK_OF_LANE = "SELECT COALESCE(SUM(d), 0) FROM (" + STOCK_ROWS + ") x WHERE lane = ?";
    private static final String EVENT_COLUMNS = "SELECT pos, event_id, type, shelf, lane, sku, t_ms, qty, grams, detail,"
            + " received_ms, unseen FROM shelf_event";
    static final String EVENTS_OF_SHELF = EVENT_COLUMNS + " WHERE shelf = ? ORDER BY pos";
    static final String EVENTS_BETWEEN = EVENT_COLUMNS + " WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms, pos";

    static final String ORDER_EXISTS = "SELECT 1 FROM sale_line WHERE order_id = ? LIMIT 1";
    static final String PRICE_AT = "SELECT price_fen FROM price WHERE sku = ? AND valid_from_ms <= ?"
            + " ORDER BY valid_from_ms DESC LIMIT 1";
    static final String INSERT_SALE_LINE = "INSERT INTO sale_line (order_id, line_no, channel, t_ms, sku, qty,"
            + " price_fen, amount_fen, shelf, refers_to, received_ms, cert_state, cert_number)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Number, first and last valid day of every certificate known for a SKU (the SKU twice). */
    static final String CERTIFICATES_OF_SKU = "SELECT number, valid_from, valid_until FROM region_certificate"
            + " WHERE sku = ? UNION ALL SELECT cert_number, cert_valid_from, cert_valid_until FROM product"
            + " WHERE sku = ? AND cert_number IS NOT NULL";
    static final String SALES_BETWEEN = "SELECT pos, order_id, line_no, channel, t_ms, sku, qty, price_fen, amount_fen,"
            + " shelf, refers_to FROM sale_line WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms, pos";

    static final String INSERT_STOCK_ENTRY = "INSERT INTO stock_entry (entry_id, kind, shelf, lane, sku, t_ms, qty,"
            + " counted, refers_to, note, by_user, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (entry_id) DO NOTHING";
    static final String STOCK_ENTRY_EXISTS = "SELECT 1 FROM stock_entry WHERE entry_id = ?";
    static final String LANE_EXISTS = "SELECT 1 FROM lane WHERE shelf = ? AND lane = ?";
    static final String STOCK_ENTRIES_BETWEEN = "SELECT pos, entry_id, kind, shelf, lane, sku, t_ms, qty, counted,"
            + " refers_to, note, by_user FROM stock_entry WHERE t_ms >= ? AND t_ms < ? ORDER BY t_ms, pos";

    /** The fault tests' read-only writer ({@code JdbcLedger.writerReadOnlyForTests}), per store. */
    static final String WRITER_READ_ONLY_SQLITE = "PRAGMA query_only = 1";
    static final String WRITER_WRITABLE_SQLITE = "PRAGMA query_only = 0";
    static final String WRITER_READ_ONLY_POSTGRES = "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
    static final String WRITER_WRITABLE_POSTGRES = "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE";
}
