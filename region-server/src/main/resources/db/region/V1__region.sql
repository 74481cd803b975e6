-- The region's store (PostgreSQL only; docs/region.md). Times are epoch milliseconds, money in fen.

-- A center that may upload: its upload secret is kept only as SHA-256. stored_through is the
-- highest sequence number up to which every entry of the center is stored, head_hash that entry's
-- hash; a batch locks this row (FOR UPDATE), so uploads of one center are serialised across
-- region instances while different centers proceed in parallel.
CREATE TABLE center (
    center_id       TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    secret_sha256   TEXT NOT NULL UNIQUE,
    stored_through  BIGINT NOT NULL DEFAULT 0,
    head_hash       TEXT NOT NULL,
    last_upload_ms  BIGINT,
    created_ms      BIGINT NOT NULL
);

-- Every center's ledger entries, exactly as the center chained them, partitioned by the month of
-- the entry's own time (t_ms; entries without a usable time go to the default partition).
-- (center_id, seq) is unique: the center row's lock and stored_through admit each seq once, and
-- the insert says ON CONFLICT (center_id, seq, month) DO NOTHING (month follows from the entry).
CREATE TABLE region_entry (
    center_id  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    month      DATE NOT NULL,
    src        TEXT,
    t_ms       BIGINT,
    entry      TEXT NOT NULL,
    hash       TEXT NOT NULL,
    stored_ms  BIGINT NOT NULL,
    PRIMARY KEY (center_id, seq, month)
) PARTITION BY RANGE (month);
CREATE TABLE region_entry_default PARTITION OF region_entry DEFAULT;

-- Daily aggregates, kept in the transaction that stores the entries: per center, day (UTC, of
-- t_ms), source table, kind (event type, sale channel, stock entry kind) and SKU ('' for none).
CREATE TABLE region_daily (
    center_id   TEXT NOT NULL,
    day         DATE NOT NULL,
    src         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sku         TEXT NOT NULL,
    entries     BIGINT NOT NULL,
    qty         BIGINT NOT NULL,
    amount_fen  BIGINT NOT NULL,
    PRIMARY KEY (center_id, day, src, kind, sku)
);

-- What the region raises: a broken chain (center, seq), a center posting under another's id.
CREATE TABLE region_alert (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id  TEXT NOT NULL,
    seq        BIGINT,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    raised_ms  BIGINT NOT NULL
);
CREATE INDEX region_alert_center ON region_alert (center_id, raised_ms);
