-- Schedules and backfills (the pipeline files' schedules:). Portable SQL; times are epoch milliseconds.

-- One row per schedule the server has seen (pipeline, schedule name): paused or not, by whom, and cursor_at: the
-- time up to which its ticks were looked at (a tick after it and before now is due or missed).
CREATE TABLE server_schedules (
    pipeline    TEXT NOT NULL,
    name        TEXT NOT NULL,
    paused      BOOLEAN NOT NULL,
    changed_by  TEXT,
    changed_at  BIGINT,
    cursor_at   BIGINT NOT NULL,
    PRIMARY KEY (pipeline, name)
);

-- Every tick a schedule acted on. The primary key is what makes a tick start at most one run: the row is inserted in
-- the transaction that queues the run, so a restart, a second server or a clock that jumps finds it taken.
-- outcome: queued (run_id is its run), skipped (the pipeline's concurrency policy refused it), invalid (its parameter
-- values were refused; error says why).
CREATE TABLE server_schedule_ticks (
    pipeline     TEXT NOT NULL,
    schedule     TEXT NOT NULL,
    tick_at      BIGINT NOT NULL,
    run_id       TEXT,
    outcome      TEXT NOT NULL,
    error        TEXT,
    server_id    TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL,
    PRIMARY KEY (pipeline, schedule, tick_at)
);

-- Backfills: one run per tick of a schedule between two times, started on request.
CREATE TABLE server_backfills (
    id            TEXT PRIMARY KEY,
    pipeline      TEXT NOT NULL,
    schedule      TEXT NOT NULL,
    from_at       BIGINT NOT NULL,
    to_at         BIGINT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    cancelled_by  TEXT,
    cancelled_at  BIGINT
);
CREATE TABLE server_backfill_runs (
    backfill_id  TEXT NOT NULL,
    tick_at      BIGINT NOT NULL,
    run_id       TEXT NOT NULL,
    PRIMARY KEY (backfill_id, tick_at)
);
CREATE INDEX server_backfill_runs_run ON server_backfill_runs (run_id);
