-- Magic links and redirect-based logins: clients' native apps, and authorization codes.

ALTER TABLE clients ADD COLUMN mobile TEXT NOT NULL DEFAULT '{}';   -- JSON (Auth0's `mobile`)

-- Codes handed to a redirect URI, redeemable once at /oauth/token. Spent codes stay until
-- they expire, so a second use is recognised and revokes what the first one issued.
CREATE TABLE authorization_codes (
    code_hash             BYTEA PRIMARY KEY,
    client_id             TEXT NOT NULL,
    user_id               TEXT NOT NULL,
    redirect_uri          TEXT NOT NULL,
    scope                 TEXT NOT NULL,
    audience              TEXT,
    nonce                 TEXT,
    code_challenge        TEXT,
    code_challenge_method TEXT,
    auth_time             BIGINT NOT NULL,
    expires_at            BIGINT NOT NULL,
    used_at               BIGINT,
    refresh_family_id     TEXT
);
CREATE INDEX authorization_codes_expires_at ON authorization_codes (expires_at);
