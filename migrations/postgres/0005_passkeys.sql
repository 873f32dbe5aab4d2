-- Passkeys (WebAuthn): credentials per user, and ceremonies in flight. A ceremony's state
-- is here, not in a process, so any instance can finish what another began.

CREATE TABLE passkeys (
    id           TEXT PRIMARY KEY,        -- the credential id, base64url
    user_id      TEXT NOT NULL,
    user_handle  TEXT NOT NULL,           -- the WebAuthn user id (a UUID), the same for all of a user's passkeys
    name         TEXT NOT NULL,
    credential   TEXT NOT NULL,           -- webauthn-rs's Passkey, JSON (public key, counter)
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);
CREATE INDEX passkeys_user_handle ON passkeys (user_handle);

CREATE TABLE webauthn_ceremonies (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,             -- register | authenticate
    user_id    TEXT,
    client_id  TEXT,
    state      TEXT NOT NULL,             -- webauthn-rs's ceremony state, JSON
    expires_at BIGINT NOT NULL
);
CREATE INDEX webauthn_ceremonies_expires_at ON webauthn_ceremonies (expires_at);
