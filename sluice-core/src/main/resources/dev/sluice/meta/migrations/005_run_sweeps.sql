-- The sweeps of a run (sweep: on a step): which step searched, how, and by which objective. Its trials are the
-- step runs whose base_step is that step; each trial's objective is its metric of that name, so the best trial is
-- read from them rather than stored twice.
CREATE TABLE run_sweeps (
    run_id  TEXT NOT NULL REFERENCES runs (id),
    step    TEXT NOT NULL,
    method  TEXT NOT NULL,
    metric  TEXT NOT NULL,
    goal    TEXT NOT NULL,
    trials  INTEGER NOT NULL,
    seed    BIGINT NOT NULL,
    params  TEXT NOT NULL,                    -- JSON list of the swept parameters' names
    PRIMARY KEY (run_id, step)
);
