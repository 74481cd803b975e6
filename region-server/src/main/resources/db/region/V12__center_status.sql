-- What a center's hub last said of itself (POST /api/v1/centers/{center}/status, sent with its
-- uploads): the head of its chain, shelves offline, alerts open, and when it said so. caught_up_ms
-- is when the region last held every entry the center had reported (or when the center was
-- registered): the console's lag in seconds is the time since, while the region is behind.
ALTER TABLE center ADD COLUMN status_head_seq BIGINT;
ALTER TABLE center ADD COLUMN status_offline_shelves INTEGER;
ALTER TABLE center ADD COLUMN status_open_alerts INTEGER;
ALTER TABLE center ADD COLUMN status_ms BIGINT;
ALTER TABLE center ADD COLUMN caught_up_ms BIGINT;
UPDATE center SET caught_up_ms = COALESCE(last_upload_ms, created_ms);
