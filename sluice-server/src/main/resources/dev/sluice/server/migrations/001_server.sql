-- The server's tables. Portable SQL for SQLite and PostgreSQL (the audit log's id and append-only triggers have
-- dialect variants). Times are epoch milliseconds; JSON is TEXT. Statements end with a semicolon at the end of a line.

-- Every content version of every registered pipeline: the file's text and the digests of the files it names.
CREATE TABLE server_pipeline_versions (
    name               TEXT NOT NULL,
    digest             TEXT NOT NULL,          -- sha256 over the YAML text and the files it names (VersionDigest)
    pipeline_id        TEXT NOT NULL,          -- pipelines.id: sha256 of the YAML text alone
    source             TEXT NOT NULL,          -- the file it was read from, or "api:<token name>"
    base_dir           TEXT NOT NULL,          -- relative paths of the pipeline resolve against this folder
    yaml               TEXT NOT NULL,
    files_json         TEXT NOT NULL,          -- {"train.py": "sha256:..."}
    registered_at      BIGINT NOT NULL,
    PRIMARY KEY (name, digest)
);
CREATE INDEX server_pipeline_versions_name ON server_pipeline_versions (name, registered_at);

-- One row per pipeline name: its latest version, and the fairness clock of the queue (the pipeline whose runs were
-- claimed least recently goes first).
CREATE TABLE server_pipelines (
    name        TEXT PRIMARY KEY,
    latest      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    last_claim  BIGINT NOT NULL
);

-- The run queue: a run the server accepted (its row in runs is 'queued' until claimed). state: queued -> running
-- (claimed by one server) -> done.
CREATE TABLE server_queue (
    run_id            TEXT PRIMARY KEY REFERENCES runs (id),
    pipeline          TEXT NOT NULL,
    version           TEXT NOT NULL,
    state             TEXT NOT NULL,
    priority          INTEGER NOT NULL,
    params_json       TEXT NOT NULL,           -- {"max_depth": "6"}: the values as submitted, as text
    no_cache          BOOLEAN NOT NULL,
    resume_of         TEXT,
    concurrency_max   INTEGER,                 -- the version's concurrency: max, when it has one
    submitted_by      TEXT NOT NULL,           -- token name
    queued_at         BIGINT NOT NULL,
    claimed_by        TEXT,                    -- server instance: host:pid:random
    claimed_at        BIGINT,
    cancel_requested  BOOLEAN NOT NULL,
    outcome           TEXT,                    -- the final status when done
    error             TEXT
);
CREATE INDEX server_queue_waiting ON server_queue (state, pipeline, priority, queued_at);

-- Each run's events as clients see them (GET /api/v1/runs/{id}/events), numbered from 1 without gaps.
CREATE TABLE server_run_events (
    run_id     TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    type       TEXT NOT NULL,
    data_json  TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- API tokens: the public id locates the row; only the SHA-256 of the secret part is kept.
CREATE TABLE server_tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
);
CREATE UNIQUE INDEX server_tokens_active_name ON server_tokens (name) WHERE revoked_at IS NULL;
