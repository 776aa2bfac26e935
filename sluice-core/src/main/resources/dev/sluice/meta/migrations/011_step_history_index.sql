-- A step's earlier runs, newest first, without a scan of every step run: MetadataQueries.earlierStepRuns (sluice plan,
-- sluice why) walks the step's name back from a time and stops at the first of the pipeline's name. (Queries that
-- pick a run's step by name compare it as s.step || '' so that SQLite, which has no statistics, keeps to the run's
-- index there instead of walking every run of that step name.)
CREATE INDEX step_runs_step ON step_runs (step, started_at);
