-- Catalog, planogram and the append-only shelf-event ledger. Written for SQLite and PostgreSQL
-- alike; ${id_column} is the only dialect difference (an auto-increasing row id).
-- Money is in fen (1/100 yuan), weights in grams, times in epoch milliseconds, dates ISO text.

CREATE TABLE producer (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    households  INTEGER
);

CREATE TABLE product (
    sku               TEXT PRIMARY KEY,
    name_zh           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    unit              TEXT NOT NULL,
    spec              TEXT NOT NULL,
    intro_zh          TEXT,
    intro_en          TEXT,
    story_zh          TEXT,
    story_en          TEXT,
    province          TEXT NOT NULL,
    city              TEXT,
    county            TEXT NOT NULL,
    town              TEXT,
    village           TEXT,
    producer_id       TEXT NOT NULL REFERENCES producer (id),
    season            TEXT,
    output_scale      TEXT,
    cert_number       TEXT,
    cert_issuer       TEXT,
    cert_valid_until  TEXT,
    trace_batch       TEXT,
    trace_date        TEXT,
    trace_inspection  TEXT,
    image_url         TEXT,
    video_url         TEXT,
    color             TEXT NOT NULL
);

-- Price history: the price of a SKU is the row with the latest valid_from_ms not after the time asked.
CREATE TABLE price (
    sku            TEXT NOT NULL REFERENCES product (sku),
    valid_from_ms  BIGINT NOT NULL,
    price_fen      BIGINT NOT NULL,
    PRIMARY KEY (sku, valid_from_ms)
);

CREATE TABLE shelf (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    config_version  BIGINT NOT NULL
);

CREATE TABLE lane (
    shelf       TEXT NOT NULL REFERENCES shelf (id),
    lane        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    sku         TEXT REFERENCES product (sku),
    unit_grams  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (shelf, lane)
);

-- Append-only: rows are inserted once (event_id unique) and never updated or deleted.
CREATE TABLE shelf_event (
    pos          ${id_column},
    event_id     TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    shelf        TEXT NOT NULL,
    lane         TEXT NOT NULL,
    sku          TEXT,
    t_ms         BIGINT NOT NULL,
    qty          INTEGER NOT NULL,
    grams        DOUBLE PRECISION NOT NULL,
    detail       TEXT,
    received_ms  BIGINT NOT NULL
);
CREATE INDEX shelf_event_shelf_lane ON shelf_event (shelf, lane);
CREATE INDEX shelf_event_t ON shelf_event (t_ms);
