-- A kiosk token serves one shelf's display (issue 13): the shelf it was issued for. NULL only for
-- tokens issued before this migration, which keep serving any shelf until revoked.
ALTER TABLE auth_token ADD COLUMN shelf_id TEXT;
