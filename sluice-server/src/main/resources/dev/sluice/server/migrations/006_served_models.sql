-- The models the servers of this database serve (sluice server --serve, POST /api/v1/serving), so that a restart
-- serves them again with their drift checks; DELETE /api/v1/serving/{model} removes the row.
CREATE TABLE server_served_models (
    model     TEXT PRIMARY KEY,               -- NAME@ALIAS
    spec      TEXT NOT NULL,                  -- the ServeSpec in its --serve form: elec2@champion=0,retrain=...,check=5m,...
    added_by  TEXT NOT NULL,                  -- the token name, or "command line"
    added_at  BIGINT NOT NULL
);
