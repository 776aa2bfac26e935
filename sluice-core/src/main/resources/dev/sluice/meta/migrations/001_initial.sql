-- Portable SQL for SQLite and PostgreSQL. Times are epoch milliseconds (BIGINT); JSON is TEXT;
-- states are lower-case labels. Statements end with a semicolon at the end of a line.

CREATE TABLE pipelines (
    id          TEXT PRIMARY KEY,             -- sha256:<hex> of the definition text
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    first_seen  BIGINT NOT NULL
);

CREATE TABLE runs (
    id              TEXT PRIMARY KEY,
    pipeline_id     TEXT NOT NULL REFERENCES pipelines (id),
    state           TEXT NOT NULL,
    started_at      BIGINT NOT NULL,
    ended_at        BIGINT,
    parameters_json TEXT NOT NULL,
    resumed_from    TEXT,                     -- no foreign key: the resumed run may have been pruned
    host            TEXT NOT NULL,
    pid             BIGINT NOT NULL,
    heartbeat_at    BIGINT
);
CREATE INDEX runs_started ON runs (started_at);

CREATE TABLE step_runs (
    id                   TEXT PRIMARY KEY,
    run_id               TEXT NOT NULL REFERENCES runs (id),
    step                 TEXT NOT NULL,
    base_step            TEXT NOT NULL,
    state                TEXT NOT NULL,
    attempt              INTEGER NOT NULL,
    started_at           BIGINT NOT NULL,
    ended_at             BIGINT,
    exit_code            INTEGER,
    error                TEXT,
    log_location         TEXT,
    cache_key            TEXT,
    cache_key_parts_json TEXT NOT NULL,
    cache_source         TEXT                 -- step run reused by a cached one; may be pruned later
);
CREATE INDEX step_runs_run ON step_runs (run_id, started_at);
CREATE INDEX step_runs_cache ON step_runs (cache_key, state, ended_at);

CREATE TABLE step_params (
    step_run_id TEXT NOT NULL REFERENCES step_runs (id),
    name        TEXT NOT NULL,
    value_json  TEXT NOT NULL,
    PRIMARY KEY (step_run_id, name)
);

CREATE TABLE metrics (
    step_run_id TEXT NOT NULL REFERENCES step_runs (id),
    name        TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (step_run_id, name)
);

CREATE TABLE check_results (
    step_run_id TEXT NOT NULL REFERENCES step_runs (id),
    name        TEXT NOT NULL,
    passed      BOOLEAN NOT NULL,
    observed    DOUBLE PRECISION,
    expected    TEXT NOT NULL,
    PRIMARY KEY (step_run_id, name)
);

CREATE TABLE artifacts (
    id          TEXT PRIMARY KEY,             -- sha256:<hex> of the content
    kind        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX artifacts_created ON artifacts (created_at);

-- What a step run reports as its outputs (a cached step run reports the artifacts it reused).
CREATE TABLE step_outputs (
    step_run_id TEXT NOT NULL REFERENCES step_runs (id),
    port        TEXT NOT NULL,
    pos         INTEGER NOT NULL,
    artifact_id TEXT NOT NULL REFERENCES artifacts (id),
    PRIMARY KEY (step_run_id, port, pos)
);
CREATE INDEX step_outputs_artifact ON step_outputs (artifact_id);

-- Lineage: a step run consumed an artifact on an input port, or produced one on an output port
-- (only step runs that really ran produce; cached ones point at their source instead).
CREATE TABLE lineage_edges (
    step_run_id TEXT NOT NULL REFERENCES step_runs (id),
    direction   TEXT NOT NULL CHECK (direction IN ('consumed', 'produced')),
    port        TEXT NOT NULL,
    pos         INTEGER NOT NULL,
    artifact_id TEXT NOT NULL REFERENCES artifacts (id),
    PRIMARY KEY (step_run_id, direction, port, pos)
);
CREATE INDEX lineage_edges_artifact ON lineage_edges (artifact_id, direction);
