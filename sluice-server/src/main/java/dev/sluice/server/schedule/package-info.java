/**
 * Schedules and backfills: the {@link dev.sluice.server.schedule.Scheduler} starts a run for each tick of the
 * {@code schedules:} of the registered pipelines through the run queue, exactly once per tick however many servers
 * share the database; {@link dev.sluice.server.schedule.Backfills} queue one run per tick of a past range on request.
 * What started each run is recorded with it ({@code run_triggers}: {@code schedule} or {@code backfill}).
 */
package dev.sluice.server.schedule;
