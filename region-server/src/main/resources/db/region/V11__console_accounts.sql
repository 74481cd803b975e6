-- The region console's accounts (docs/region.md "Console"): roles region-admin and region-viewer,
-- passwords only as bcrypt hashes, sessions only as the SHA-256 of their token. There is no
-- default account: the first admin comes from `region-server create-admin`.
CREATE TABLE region_user (
    username       TEXT PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('region-admin', 'region-viewer')),
    password_hash  TEXT NOT NULL,
    created_ms     BIGINT NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE region_session (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES region_user (username),
    created_ms  BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    revoked_ms  BIGINT
);
CREATE INDEX region_session_user ON region_session (username);
