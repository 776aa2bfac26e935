-- A pipeline definition's runs, newest first, without a scan of every run: MetadataQueries.recentStepRuns reads them
-- at a run start for a pipeline not run lately. (No index on pipelines.name: SQLite would then drive the joins that
-- filter runs by pipeline name from it and sort all of a name's runs, where it now stops at the newest.)
CREATE INDEX runs_pipeline ON runs (pipeline_id, started_at);
