-- Ledger entries beyond shelf events; append-only like shelf_event.
-- sale_line: one row per order line, confirmed by the POS or the online shop; an order id is
-- stored once. price_fen is the price valid at t_ms, amount_fen = price_fen * qty (negative qty:
-- a refund, refers_to names the order it corrects).
CREATE TABLE sale_line (
    pos          ${id_column},
    order_id     TEXT NOT NULL,
    line_no      INTEGER NOT NULL,
    channel      TEXT NOT NULL,
    t_ms         BIGINT NOT NULL,
    sku          TEXT NOT NULL,
    qty          INTEGER NOT NULL,
    price_fen    BIGINT NOT NULL,
    amount_fen   BIGINT NOT NULL,
    shelf        TEXT,
    refers_to    TEXT,
    received_ms  BIGINT NOT NULL,
    UNIQUE (order_id, line_no)
);
CREATE INDEX sale_line_t ON sale_line (t_ms);
CREATE INDEX sale_line_sku ON sale_line (sku);

-- stock_entry: staff entries on a lane. kind = restock_declared (what staff say they put on the
-- lane; informational, the shelf's own restock events move the stock), stocktake (counted: the
-- count, qty: the adjustment counted - expected, i.e. shrinkage when negative), correction (qty:
-- a signed adjustment, refers_to: the entry corrected).
CREATE TABLE stock_entry (
    pos          ${id_column},
    entry_id     TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    shelf        TEXT NOT NULL,
    lane         TEXT NOT NULL,
    sku          TEXT,
    t_ms         BIGINT NOT NULL,
    qty          INTEGER NOT NULL,
    counted      INTEGER,
    refers_to    TEXT,
    note         TEXT,
    by_user      TEXT,
    received_ms  BIGINT NOT NULL
);
CREATE INDEX stock_entry_shelf_lane ON stock_entry (shelf, lane);
