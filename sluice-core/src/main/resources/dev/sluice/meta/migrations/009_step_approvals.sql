-- The decision on an approve step of a run: approved or rejected, by whom, when, with an optional comment. One row per
-- (run, step): the primary key makes the first decision win when two people (or a person and the timeout) decide at once.
-- The CLI, the server and the waiting run may be different processes: the run polls this table while a step waits.
CREATE TABLE step_approvals (
    run_id     TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    decision   TEXT    NOT NULL CHECK (decision IN ('approved', 'rejected')),
    decided_by TEXT    NOT NULL,
    decided_at BIGINT  NOT NULL,
    comment    TEXT,
    PRIMARY KEY (run_id, step)
);
