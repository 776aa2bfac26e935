-- What started a run that no person started (a drift alarm): one row per such run.
-- artifact_id names the cause (the drift report); no foreign key, so the order in which the report and the run
-- are recorded does not matter.
CREATE TABLE run_triggers (
    run_id      TEXT PRIMARY KEY REFERENCES runs (id),
    kind        TEXT NOT NULL,
    artifact_id TEXT,
    detail      TEXT NOT NULL
);
CREATE INDEX run_triggers_artifact ON run_triggers (artifact_id);
