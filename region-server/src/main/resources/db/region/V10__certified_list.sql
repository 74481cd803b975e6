-- The region's certified-product list (扶贫产品认定, docs/region.md "Downward"). Dates are calendar
-- days, inclusive; sku is the product code the centers' catalogs use. Imports change it in one
-- transaction that locks certified_list's one row and adds 1 to version when anything changed, so
-- a center's copy is current exactly when its version (its HTTP ETag) is the same.
CREATE TABLE certificate (
    number       TEXT PRIMARY KEY,
    product      TEXT NOT NULL,
    sku          TEXT NOT NULL,
    producer     TEXT NOT NULL,
    county       TEXT NOT NULL,
    households   INTEGER NOT NULL CHECK (households >= 0),
    valid_from   DATE NOT NULL,
    valid_until  DATE NOT NULL,
    changed_ms   BIGINT NOT NULL,
    CHECK (valid_until >= valid_from)
);
CREATE INDEX certificate_sku ON certificate (sku);

CREATE TABLE certified_list (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     BIGINT NOT NULL,
    changed_ms  BIGINT NOT NULL
);
INSERT INTO certified_list (id, version, changed_ms) VALUES (1, 0, 0);

-- Sale lines a center flagged as sold after the product's certificate had expired (the hub writes
-- "cert_state":"expired" into the line's canonical text): the region's report of them reads this
-- small partial index instead of every entry.
CREATE INDEX region_entry_expired_cert ON region_entry (center_id, t_ms)
    WHERE src = 'sale_line' AND entry LIKE '%"cert_state":"expired"%';
