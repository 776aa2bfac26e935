-- The steps of a run that run after all its others (finally: and on_failure: in the pipeline file), by instance name,
-- with their phase ('finally' or 'on_failure'); the report marks them. Their step runs are in step_runs like any other.
CREATE TABLE run_final_steps (
    run_id  TEXT NOT NULL REFERENCES runs (id),
    step    TEXT NOT NULL,
    phase   TEXT NOT NULL,
    PRIMARY KEY (run_id, step)
);
