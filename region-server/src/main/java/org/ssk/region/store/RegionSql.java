package org.ssk.region.store;

/** Every SQL statement of the region's store, in one place; values always as parameters. */
final class RegionSql {
    private RegionSql() {
    }

    static final String INSERT_CENTER = "INSERT INTO center (center_id, name, secret_sha256, head_hash, created_ms)"
            + " VALUES (?, ?, ?, ?, ?)";
    static final String CENTER_BY_SECRET = "SELECT center_id FROM center WHERE secret_sha256 = ?";
    static final String LOCK_CENTER = "SELECT stored_through, head_hash FROM center WHERE center_id = ? FOR UPDATE";
    static final String CENTER_HEAD = "SELECT stored_through, head_hash FROM center WHERE center_id = ?";
    static final String ADVANCE_CENTER = "UPDATE center SET stored_through = ?, head_hash = ?, last_upload_ms = ?"
            + " WHERE center_id = ?";
    /** After a batch: the region holds all the center last reported it had (console lag, V12). */
    static final String CAUGHT_UP = "UPDATE center SET caught_up_ms = ? WHERE center_id = ?"
            + " AND stored_through >= COALESCE(status_head_seq, 0)";
    static final String TOUCH_CENTER = "UPDATE center SET last_upload_ms = ? WHERE center_id = ?";
    /** A center's own entries after a sequence number, up to where every entry is stored (a restore's page). */
    static final String ENTRIES_AFTER = "SELECT seq, entry, hash FROM region_entry WHERE center_id = ? AND seq > ?"
            + " AND seq <= ? ORDER BY seq LIMIT ?";
    static final String STORED_HASHES = "SELECT seq, hash FROM region_entry WHERE center_id = ? AND seq BETWEEN ? AND ?";

    /**
     * A batch's daily sums, one row per key (summed in memory first: a key twice in one statement
     * would fail), added to what is stored. Parameters: center, then arrays of day (date), src,
     * kind, sku (text), entries, qty, amount_fen (int8).
     */
    static final String ADD_DAILY = "INSERT INTO region_daily (center_id, day, src, kind, sku, entries, qty, amount_fen)"
            + " SELECT ?, x.day, x.src, x.kind, x.sku, x.entries, x.qty, x.amount_fen FROM unnest(?::date[], ?::text[],"
            + " ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[]) AS x(day, src, kind, sku, entries, qty, amount_fen)"
            + " ON CONFLICT (center_id, day, src, kind, sku) DO UPDATE SET"
            + " entries = region_daily.entries + EXCLUDED.entries, qty = region_daily.qty + EXCLUDED.qty,"
            + " amount_fen = region_daily.amount_fen + EXCLUDED.amount_fen";

    /** The zone region_daily is counted in (V20); absent on a database no server has started on yet. */
    static final String DAILY_ZONE = "SELECT value FROM region_setting WHERE name = 'daily_zone'";
    static final String CLAIM_DAILY_ZONE = "INSERT INTO region_setting (name, value) VALUES ('daily_zone', ?)"
            + " ON CONFLICT (name) DO NOTHING";
    static final String LOCK_DAILY_ZONE = "SELECT value FROM region_setting WHERE name = 'daily_zone' FOR UPDATE";
    static final String SET_DAILY_ZONE = "UPDATE region_setting SET value = ? WHERE name = 'daily_zone'";
    /** Held by a rebuild until it commits: ingest's additions to region_daily wait meanwhile. */
    static final String LOCK_DAILY = "LOCK TABLE region_daily IN EXCLUSIVE MODE";
    static final String CLEAR_DAILY = "DELETE FROM region_daily";
    static final String CENTER_IDS = "SELECT center_id, stored_through FROM center ORDER BY center_id";
    static final String ENTRIES_OF_CENTER = "SELECT entry FROM region_entry WHERE center_id = ?";

    static final String INSERT_ALERT = "INSERT INTO region_alert (center_id, seq, kind, detail, raised_ms)"
            + " VALUES (?, ?, ?, ?, ?)";
    static final String ALERTS_OF_CENTER = "SELECT center_id, seq, kind, detail, raised_ms FROM region_alert"
            + " WHERE center_id = ? ORDER BY id";

    static final String CENTER_TOTALS = "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM region_entry WHERE center_id = ?";
    static final String HASH_OF = "SELECT hash FROM region_entry WHERE center_id = ? AND seq = ?";
    static final String DAILY_REPORT = "SELECT center_id, day, src, kind, sku, entries, qty, amount_fen FROM region_daily"
            + " WHERE day >= ? AND day <= ? AND (CAST(? AS TEXT) IS NULL OR center_id = ?)"
            + " ORDER BY center_id, day, src, kind, sku LIMIT ?";
    static final String DAILY_SUM = "SELECT COALESCE(SUM(entries), 0), COALESCE(SUM(qty), 0),"
            + " COALESCE(SUM(amount_fen), 0) FROM region_daily WHERE center_id = ? AND src = ? AND day >= ? AND day < ?";

    /**
     * The month partition of {@code region_entry} for the month starting {@code month}: the name
     * and bounds come only from a {@link java.time.LocalDate}, never from input text.
     */
    static String createMonthPartition(java.time.LocalDate month) {
        java.time.LocalDate first = month.withDayOfMonth(1);
        return "CREATE TABLE IF NOT EXISTS " + monthPartition(first) + " PARTITION OF region_entry FOR VALUES FROM ('"
                + first + "') TO ('" + first.plusMonths(1) + "')";
    }

    /** The name of the month partition of {@code region_entry} holding {@code month}. */
    static String monthPartition(java.time.LocalDate month) {
        return "region_entry_" + month.getYear() + "_" + String.format("%02d", month.getMonthValue());
    }

    /**
     * Taken in the transaction that creates a month partition, so two instances creating the same
     * month do so one after the other (keys: this statement's own class number, and yyyymm).
     */
    static final String LOCK_MONTH_PARTITION = "SELECT pg_advisory_xact_lock(16001, ?)";
    static final String TABLE_EXISTS = "SELECT to_regclass(?) IS NOT NULL";
}
