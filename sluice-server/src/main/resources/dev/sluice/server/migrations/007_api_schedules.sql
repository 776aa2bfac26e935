-- Schedules defined through the API (POST /api/v1/schedules) rather than in a pipeline file. definition is the
-- schedule as a JSON object with the keys of a file's schedules: entry; it is validated again against the pipeline's
-- latest version at each scheduler pass. Their ticks and pause state use server_schedule_ticks and server_schedules
-- like a file's schedules.
CREATE TABLE server_api_schedules (
    pipeline    TEXT NOT NULL,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (pipeline, name)
);
