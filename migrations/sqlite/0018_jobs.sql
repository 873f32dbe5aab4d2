-- Background jobs (Auth0's /api/v2/jobs): user imports and exports. A job keeps what it was
-- given (`params`: its options as JSON; an import's file in `job_inputs`), where it stands
-- (`status`, `progress` rows done of `total`, the import counters), which runner works it
-- until when (`runner`, `lease_until`: another instance takes over a job whose lease ran
-- out, e.g. after a crash), and what it made (`output`: an export's gzipped file).
CREATE TABLE jobs (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,              -- users_import | users_export
    status         TEXT NOT NULL,              -- pending | processing | completed | failed
    connection     TEXT,                       -- the connection's name; NULL: every one (exports)
    params         TEXT NOT NULL,
    output         BLOB,
    status_details TEXT,
    runner         TEXT,
    lease_until    INTEGER,
    total          INTEGER NOT NULL DEFAULT 0,
    progress       INTEGER NOT NULL DEFAULT 0,
    inserted       INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    failed         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    started_at     INTEGER,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX jobs_waiting ON jobs (status, created_at);

-- An import's uploaded file, until the job ends. Apart from `jobs`, whose row each batch
-- updates: SQLite rewrites a whole row on an update, file included.
CREATE TABLE job_inputs (
    job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    input  TEXT NOT NULL
);

-- An import's refused rows, in Auth0's shape (`{"user": …, "errors": [{code, message, path}]}`),
-- by their place in the file; written in the transaction of the batch that read them.
CREATE TABLE job_errors (
    job_id   TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (job_id, position)
);
