-- Alerts: one open row per (kind, subject) at most; clearing sets cleared_ms. Not part of the
-- ledger (alerts are derived state), so rows are updated when cleared.
CREATE TABLE alert (
    id          ${id_column},
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    shelf       TEXT,
    lane        TEXT,
    sku         TEXT,
    detail      TEXT NOT NULL,
    raised_ms   BIGINT NOT NULL,
    cleared_ms  BIGINT
);
CREATE UNIQUE INDEX alert_open ON alert (kind, subject) WHERE cleared_ms IS NULL;
