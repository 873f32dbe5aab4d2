-- The event log (Auth0's logs): logins, failed codes, codes sent, token exchanges and
-- operators' changes, kept 30 days.

CREATE TABLE logs (
    id          TEXT PRIMARY KEY,
    date        INTEGER NOT NULL,     -- Unix seconds
    type        TEXT NOT NULL,        -- Auth0's event codes: s, f, cs, cls, seacft, sapi, ...
    description TEXT NOT NULL,
    client_id   TEXT,
    connection  TEXT,
    user_id     TEXT,
    ip          TEXT
);
CREATE INDEX logs_date ON logs (date);
CREATE INDEX logs_user ON logs (user_id);
