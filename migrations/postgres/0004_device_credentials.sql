-- Device keys (the Touch ID model): public keys registered per user, app and device, and the
-- device-signed JWTs already used, kept until they expire so none is accepted twice.

CREATE TABLE device_credentials (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    device_name TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    alg         TEXT NOT NULL,        -- RS256 | ES256
    public_key  TEXT NOT NULL,        -- SubjectPublicKeyInfo, PEM
    created_at  BIGINT NOT NULL,
    UNIQUE (user_id, client_id, device_id)
);
CREATE INDEX device_credentials_user ON device_credentials (user_id);

CREATE TABLE used_assertions (
    token_hash BYTEA PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX used_assertions_expires_at ON used_assertions (expires_at);
