-- The ledger chain (issue 16): every row appended to shelf_event, sale_line or stock_entry gets a
-- gap-free sequence number of this center and a SHA-256 chain hash over its canonical text and the
-- previous hash (org.ssk.protocol.region.ChainHash), assigned in the writer's transaction that
-- stores the row (org.ssk.hub.ledger.LedgerChain). entry keeps the canonical text as hashed, so what
-- was reported upward can be re-sent and checked byte for byte. Rows stored before this migration
-- are chained when the ledger opens. Append-only.
CREATE TABLE ledger_chain (
    seq         BIGINT PRIMARY KEY,
    source      TEXT NOT NULL,
    source_pos  BIGINT NOT NULL,
    entry       TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (source, source_pos)
);
