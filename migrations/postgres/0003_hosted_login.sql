-- The hosted login: clients' logout URLs and branding, and browser sessions.

ALTER TABLE clients ADD COLUMN allowed_logout_urls TEXT NOT NULL DEFAULT '[]';  -- JSON array
ALTER TABLE clients ADD COLUMN branding TEXT NOT NULL DEFAULT '{}';             -- JSON object

-- A browser that logged in at /authorize. The cookie holds a random id; only its hash is here.
CREATE TABLE sessions (
    id_hash    BYTEA PRIMARY KEY,
    user_id    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
