-- Each shelf's MQTT password, as a SHA-256 hash of a 256-bit random secret (a hash of a random
-- secret cannot be guessed back; bcrypt's slowness would only delay 1000 shelves reconnecting).
CREATE TABLE shelf_credential (
    shelf_id     TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL
);
