-- Latchkey schema (SQLite). Times are Unix seconds; secrets are stored hashed or sealed.

CREATE TABLE clients (
    client_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_hash   BLOB,
    callbacks     TEXT NOT NULL,       -- JSON array
    grant_types   TEXT NOT NULL,       -- JSON array
    refresh_token TEXT NOT NULL,       -- JSON object (Auth0's refresh_token settings)
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE connections (
    name       TEXT PRIMARY KEY,
    strategy   TEXT NOT NULL,
    options    TEXT NOT NULL,          -- JSON, secrets sealed
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE users (
    user_id      TEXT PRIMARY KEY,
    connection   TEXT NOT NULL,
    strategy     TEXT NOT NULL,
    recipient    TEXT NOT NULL,        -- E.164 phone number or email address
    name         TEXT NOT NULL,
    blocked      INTEGER NOT NULL DEFAULT 0,   -- 0 or 1
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    last_login   INTEGER,
    logins_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (connection, recipient)
);

-- At most one live code per connection and recipient: the newest replaces the rest.
CREATE TABLE otp_codes (
    id         TEXT PRIMARY KEY,
    connection TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    code_hash  BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (connection, recipient)
);
CREATE INDEX otp_codes_expires_at ON otp_codes (expires_at);

CREATE TABLE refresh_tokens (
    id                TEXT PRIMARY KEY,
    token_hash        BLOB NOT NULL UNIQUE,
    family_id         TEXT NOT NULL,
    client_id         TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    scope             TEXT NOT NULL,
    audience          TEXT,
    device            TEXT,
    created_at        INTEGER NOT NULL,
    family_expires_at INTEGER,
    idle_expires_at   INTEGER,
    rotated_at        INTEGER,
    revoked_at        INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE signing_keys (
    kid                TEXT PRIMARY KEY,
    alg                TEXT NOT NULL,
    sealed_private_key TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    state              TEXT NOT NULL   -- current | previous | retired
);
-- Never two signing keys at once, even when two rotations race.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (state) WHERE state = 'current';

-- Fixed-window rate-limit counters, shared by every instance on the database.
CREATE TABLE rate_counters (
    bucket       TEXT NOT NULL,
    key          TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    count        INTEGER NOT NULL,
    PRIMARY KEY (bucket, key, window_start)
);
CREATE INDEX rate_counters_expires_at ON rate_counters (expires_at);
