-- Auth0's client grants: which APIs a machine client may get tokens for
-- (client_credentials), and with which scopes.

CREATE TABLE client_grants (
    id         TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    audience   TEXT NOT NULL,
    scope      TEXT NOT NULL,          -- JSON array
    created_at BIGINT NOT NULL,
    UNIQUE (client_id, audience)
);
