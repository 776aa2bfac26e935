-- What the triggers of pipeline files have already started (webhook deliveries, data files, upstream runs). Each
-- cause is UNIQUE and is inserted in the transaction that queues its run, so a cause seen twice, by one server or by
-- two on one PostgreSQL, queues one run. No foreign key to runs: retention may delete the run, and the cause must
-- still count as seen. Portable SQL (INSERT ... ON CONFLICT DO NOTHING works on SQLite and PostgreSQL).

-- Signed webhook deliveries: the same delivery id, or the same signed request under another id, is a replay.
CREATE TABLE server_hook_deliveries (
    pipeline     TEXT NOT NULL,
    trigger_name TEXT NOT NULL,
    delivery_id  TEXT NOT NULL,
    signature    TEXT NOT NULL,            -- hex HMAC-SHA256 of timestamp + "." + body (not a secret)
    received_at  BIGINT NOT NULL,
    run_id       TEXT NOT NULL,
    PRIMARY KEY (pipeline, trigger_name, delivery_id)
);
CREATE UNIQUE INDEX server_hook_signatures ON server_hook_deliveries (signature);

-- Files that landed in watched folders, by content: the same bytes under any name start one run.
CREATE TABLE server_data_files (
    pipeline     TEXT NOT NULL,
    trigger_name TEXT NOT NULL,
    digest       TEXT NOT NULL,            -- sha256:<hex> of the file's content
    path         TEXT NOT NULL,            -- where it was first seen
    seen_at      BIGINT NOT NULL,
    run_id       TEXT NOT NULL,
    PRIMARY KEY (pipeline, trigger_name, digest)
);

-- Upstream runs that started a downstream pipeline: one downstream run per upstream run and trigger.
CREATE TABLE server_upstream_runs (
    pipeline     TEXT NOT NULL,
    trigger_name TEXT NOT NULL,
    upstream_run TEXT NOT NULL,
    queued_at    BIGINT NOT NULL,
    run_id       TEXT NOT NULL,
    PRIMARY KEY (pipeline, trigger_name, upstream_run)
);
