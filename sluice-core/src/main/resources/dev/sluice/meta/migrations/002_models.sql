-- The model registry: named models, their numbered versions (each a stored model artifact) and aliases.
CREATE TABLE model_versions (
    name         TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    artifact_id  TEXT    NOT NULL REFERENCES artifacts (id),
    step_run_id  TEXT,
    run_id       TEXT,
    created_at   BIGINT  NOT NULL,
    metrics_json TEXT    NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE model_aliases (
    name       TEXT    NOT NULL,
    alias      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version)
);
