-- unseen (issue 15): 1 when the shelf counted the change on its weight alone, its live proximity
-- sensor having seen no hand for it; 0 when a hand was seen or the shelf cannot tell (no sensor).
-- NULL where it does not apply (lifts, sensor faults) and in rows stored before this column (not
-- recorded). The column comes last, so a new row's canonical chain text ends with "unseen"
-- (docs/region.md); rows chained before keep the text they were hashed with (ledger_chain.entry).
-- INTEGER, not BOOLEAN: SQLite and PostgreSQL then read back the same 0/1 for the canonical text.
ALTER TABLE shelf_event ADD COLUMN unseen INTEGER CHECK (unseen IN (0, 1));
ALTER TABLE quarantined_event ADD COLUMN unseen INTEGER CHECK (unseen IN (0, 1));
