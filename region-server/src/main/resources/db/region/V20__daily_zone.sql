-- The region's settings, one row each. daily_zone: the time zone whose days region_daily is
-- counted in (docs/region.md "Days"). Aggregates stored before this migration were counted in UTC
-- days, so a database holding any entry records UTC; an empty one records nothing, and the first
-- region server to start records its configured zone. A server configured for another zone than
-- the recorded one refuses to start until `region-server rebuild-daily --zone ZONE` has rebuilt
-- region_daily from region_entry in that zone (one transaction) and recorded it.
CREATE TABLE region_setting (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO region_setting (name, value)
SELECT 'daily_zone', 'UTC' WHERE EXISTS (SELECT 1 FROM region_entry) OR EXISTS (SELECT 1 FROM region_daily);
