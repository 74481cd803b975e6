-- Quarantine: shelf events that cannot be true (time far from the hub's clock, lane or SKU not on
-- the shelf's planogram in force, more items than the lane holds) are kept here with the reason,
-- not in shelf_event, so no stock, sale, pick or departure total sees them. An operator releases
-- (the event is then copied into shelf_event and counts as if stored normally) or rejects it;
-- the decision, who and when, is its own row. Both tables are append-only.
CREATE TABLE quarantined_event (
    pos                ${id_column},
    event_id           TEXT NOT NULL UNIQUE,
    type               TEXT NOT NULL,
    shelf              TEXT NOT NULL,
    lane               TEXT NOT NULL,
    sku                TEXT,
    t_ms               BIGINT NOT NULL,
    qty                INTEGER NOT NULL,
    grams              DOUBLE PRECISION NOT NULL,
    detail             TEXT,
    received_ms        BIGINT NOT NULL,
    kind               TEXT NOT NULL,
    reason             TEXT NOT NULL,
    planogram_version  BIGINT
);

CREATE TABLE quarantine_decision (
    event_id    TEXT PRIMARY KEY REFERENCES quarantined_event (event_id),
    decision    TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    decided_ms  BIGINT NOT NULL
);
