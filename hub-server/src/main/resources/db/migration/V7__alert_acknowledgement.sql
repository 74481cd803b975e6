-- Staff acknowledge an alert ("seen, on it"): who and when. Acknowledging does not clear it;
-- an alert is cleared only when its condition is resolved (cleared_ms).
ALTER TABLE alert ADD COLUMN acknowledged_by TEXT;
ALTER TABLE alert ADD COLUMN acknowledged_ms BIGINT;
