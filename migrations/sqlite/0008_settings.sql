-- Server-wide settings an operator changes through the Management API (the email provider),
-- JSON with secrets sealed.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
