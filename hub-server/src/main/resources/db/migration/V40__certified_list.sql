-- The region's certified-product list (扶贫产品认定) as this center last fetched it (docs/region.md
-- "Downward"): every certificate, current or not, and the list's version (its HTTP ETag). Written
-- only by org.ssk.hub.catalog.RegionCertificates, which also sets each product's cert_* columns.
CREATE TABLE region_certificate (
    number       TEXT PRIMARY KEY,
    product      TEXT NOT NULL,
    sku          TEXT NOT NULL,
    producer     TEXT NOT NULL,
    county       TEXT NOT NULL,
    households   INTEGER NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_until  TEXT NOT NULL
);
CREATE INDEX region_certificate_sku ON region_certificate (sku);

CREATE TABLE region_certified_version (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     BIGINT NOT NULL,
    fetched_ms  BIGINT NOT NULL
);

-- A product's certificate gains its first valid day (NULL: typed by hand without one).
ALTER TABLE product ADD COLUMN cert_valid_from TEXT;

-- The ledger's certified flag of a sale line or a pick, as it stood at its time in the center's
-- zone: cert_state 'certified' (cert_number the certificate), 'expired' (after the product's
-- certificate had expired; cert_number the expired one) or 'uncertified'; NULL on other shelf
-- events and on rows stored before this migration. Both are part of the row's chained text, so
-- the region receives them.
ALTER TABLE sale_line ADD COLUMN cert_state TEXT;
ALTER TABLE sale_line ADD COLUMN cert_number TEXT;
ALTER TABLE shelf_event ADD COLUMN cert_state TEXT;
ALTER TABLE shelf_event ADD COLUMN cert_number TEXT;
