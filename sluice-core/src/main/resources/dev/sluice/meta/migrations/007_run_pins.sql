-- Runs a person pinned (sluice pin RUN, POST /api/v1/runs/{id}/pin): retention never deletes them.
-- pinned_by says who: "cli:<user>" or the server token's name.
CREATE TABLE run_pins (
    run_id     TEXT PRIMARY KEY REFERENCES runs (id),
    pinned_at  BIGINT NOT NULL,
    pinned_by  TEXT NOT NULL
);
