-- Latchkey schema (PostgreSQL). The same tables and columns as migrations/sqlite, so one
-- set of SQL statements serves both; times are Unix seconds in BIGINT, flags are 0/1 BIGINT.

CREATE TABLE clients (
    client_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_hash   BYTEA,
    callbacks     TEXT NOT NULL,
    grant_types   TEXT NOT NULL,
    refresh_token TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE connections (
    name       TEXT PRIMARY KEY,
    strategy   TEXT NOT NULL,
    options    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE users (
    user_id      TEXT PRIMARY KEY,
    connection   TEXT NOT NULL,
    strategy     TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    name         TEXT NOT NULL,
    blocked      BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    last_login   BIGINT,
    logins_count BIGINT NOT NULL DEFAULT 0,
    UNIQUE (connection, recipient)
);

CREATE TABLE otp_codes (
    id         TEXT PRIMARY KEY,
    connection TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    code_hash  BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (connection, recipient)
);
CREATE INDEX otp_codes_expires_at ON otp_codes (expires_at);

CREATE TABLE refresh_tokens (
    id                TEXT PRIMARY KEY,
    token_hash        BYTEA NOT NULL UNIQUE,
    family_id         TEXT NOT NULL,
    client_id         TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    scope             TEXT NOT NULL,
    audience          TEXT,
    device            TEXT,
    created_at        BIGINT NOT NULL,
    family_expires_at BIGINT,
    idle_expires_at   BIGINT,
    rotated_at        BIGINT,
    revoked_at        BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE signing_keys (
    kid                TEXT PRIMARY KEY,
    alg                TEXT NOT NULL,
    sealed_private_key TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    state              TEXT NOT NULL
);
-- Never two signing keys at once, even when two instances rotate or start together.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (state) WHERE state = 'current';

-- Fixed-window rate-limit counters, shared by every instance on the database.
CREATE TABLE rate_counters (
    bucket       TEXT NOT NULL,
    key          TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (bucket, key, window_start)
);
CREATE INDEX rate_counters_expires_at ON rate_counters (expires_at);
