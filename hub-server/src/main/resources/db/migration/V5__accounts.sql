-- Accounts and tokens. Passwords are bcrypt hashes; tokens are stored as SHA-256 hashes only, so
-- a copy of the database does not let anyone log in.
CREATE TABLE app_user (
    username       TEXT PRIMARY KEY,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    created_ms     BIGINT NOT NULL,
    disabled       INTEGER NOT NULL
);

CREATE TABLE auth_token (
    token_hash  TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    username    TEXT,
    label       TEXT,
    created_ms  BIGINT NOT NULL,
    expires_ms  BIGINT,
    revoked_ms  BIGINT
);
