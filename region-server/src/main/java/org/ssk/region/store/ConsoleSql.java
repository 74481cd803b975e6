package org.ssk.region.store;

/** The SQL of the region console's reads and of center status reports (values always as parameters). */
final class ConsoleSql {
    private ConsoleSql() {
    }

    static final String CENTERS = "SELECT c.center_id, c.name, c.stored_through, c.last_upload_ms, c.status_head_seq,"
            + " c.status_offline_shelves, c.status_open_alerts, c.status_ms, c.caught_up_ms,"
            + " (SELECT COUNT(*) FROM region_alert a WHERE a.center_id = c.center_id) FROM center c ORDER BY c.center_id";

    /**
     * A status report: caught_up_ms becomes now when the region held everything the center had
     * reported before (so the lag in seconds counts from this report) or holds this head already.
     * Parameters: now, head_seq, head_seq, offline shelves, open alerts, now, center.
     */
    static final String STATUS = "UPDATE center SET caught_up_ms = CASE WHEN stored_through >= COALESCE(status_head_seq, 0)"
            + " OR stored_through >= ? THEN ? ELSE caught_up_ms END, status_head_seq = ?, status_offline_shelves = ?,"
            + " status_open_alerts = ?, status_ms = ? WHERE center_id = ?";

    /**
     * Sale lines of [from, to) per center, day (of the region's zone) and SKU, from the daily aggregates, each with the
     * SKU's certificate for that day: the one valid on it, else the latest of that SKU (county,
     * producer, households), and whether one was valid that day.
     */
    static final String SALES_BY_DAY = "SELECT d.center_id, ce.name, d.day, d.sku, SUM(d.qty), SUM(d.amount_fen),"
            + " MAX(c.number), MAX(c.product), MAX(c.producer), MAX(c.county), MAX(c.households),"
            + " BOOL_OR(COALESCE(c.valid_from <= d.day AND d.day <= c.valid_until, FALSE))"
            + " FROM region_daily d JOIN center ce ON ce.center_id = d.center_id"
            + " LEFT JOIN LATERAL (SELECT x.number, x.product, x.producer, x.county, x.households, x.valid_from,"
            + " x.valid_until FROM certificate x WHERE x.sku = d.sku ORDER BY (x.valid_from <= d.day AND"
            + " d.day <= x.valid_until) DESC, x.valid_until DESC LIMIT 1) c ON TRUE"
            + " WHERE d.src = 'sale_line' AND d.day >= ? AND d.day < ?"
            + " GROUP BY d.center_id, ce.name, d.day, d.sku ORDER BY d.day, d.center_id, d.sku";

    /** One center's entries with seq at most ?, newest first, at most ? of them. */
    static final String ENTRIES_DOWN_FROM = "SELECT seq, t_ms, entry, hash FROM region_entry WHERE center_id = ?"
            + " AND seq <= ? ORDER BY seq DESC LIMIT ?";
    static final String STORED_THROUGH = "SELECT stored_through FROM center WHERE center_id = ?";
}
