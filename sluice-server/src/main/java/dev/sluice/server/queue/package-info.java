/**
 * The run queue: submitted runs wait in the database, each server claims them as its slots free up (exactly one claim
 * per run, {@code FOR UPDATE SKIP LOCKED} on PostgreSQL; round robin between pipelines; per-pipeline
 * {@code concurrency:} limits) and runs them in-process with the {@link dev.sluice.exec.LocalExecutor}.
 */
package dev.sluice.server.queue;
