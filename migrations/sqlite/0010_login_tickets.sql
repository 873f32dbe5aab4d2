-- Cross-origin authentication (/co/authenticate): a login ticket, redeemed once at
-- /authorize by the browser session it was issued with. Only hashes of the ticket, the
-- session cookie and the verifier are kept.

CREATE TABLE login_tickets (
    ticket_hash   BLOB PRIMARY KEY,
    client_id     TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    connection    TEXT NOT NULL,
    session_hash  BLOB NOT NULL,
    verifier_hash BLOB NOT NULL,
    co_id         TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    used_at       BIGINT
);
CREATE INDEX login_tickets_expires_at ON login_tickets (expires_at);
