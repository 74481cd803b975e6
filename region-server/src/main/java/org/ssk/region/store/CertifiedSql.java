package org.ssk.region.store;

/** Every SQL statement of the region's certified-product list, in one place; values always as parameters. */
final class CertifiedSql {
    private CertifiedSql() {
    }

    static final String VERSION = "SELECT version FROM certified_list WHERE id = 1";
    static final String LOCK_VERSION = "SELECT version FROM certified_list WHERE id = 1 FOR UPDATE";
    static final String BUMP_VERSION = "UPDATE certified_list SET version = version + 1, changed_ms = ? WHERE id = 1";
    static final String ALL = "SELECT number, product, sku, producer, county, households, valid_from, valid_until"
            + " FROM certificate ORDER BY number";
    static final String INSERT = "INSERT INTO certificate (product, sku, producer, county, households, valid_from,"
            + " valid_until, changed_ms, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE certificate SET product = ?, sku = ?, producer = ?, county = ?,"
            + " households = ?, valid_from = ?, valid_until = ?, changed_ms = ? WHERE number = ?";
    static final String DELETE = "DELETE FROM certificate WHERE number = ?";

    /** Sale lines the centers flagged as sold on an expired certificate (see V10's partial index). */
    static final String EXPIRED_CERT_SALES = "SELECT center_id, seq, t_ms, entry FROM region_entry"
            + " WHERE src = 'sale_line' AND entry LIKE '%\"cert_state\":\"expired\"%' AND t_ms >= ? AND t_ms < ?"
            + " ORDER BY center_id, seq";
}
