-- Triggers of pipeline files that an operator paused (POST /api/v1/pipelines/{pipeline}/triggers/{name}/pause). A
-- trigger without a row is active. Portable SQL; times are epoch milliseconds. While paused: a webhook answers 409
-- trigger_paused and records no delivery; the data watcher queues nothing (files still in the folder are taken after
-- the resume); the upstream follower skips the runs that end meanwhile.
CREATE TABLE server_trigger_states (
    pipeline    TEXT NOT NULL,
    name        TEXT NOT NULL,
    paused      BOOLEAN NOT NULL,
    changed_by  TEXT,
    changed_at  BIGINT,
    PRIMARY KEY (pipeline, name)
);
