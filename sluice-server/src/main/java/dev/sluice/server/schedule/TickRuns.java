package dev.sluice.server.schedule;

import dev.sluice.pipeline.Concurrency;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineSpec;
import dev.sluice.pipeline.Schedule;
import dev.sluice.server.catalog.PipelineCatalog;
import dev.sluice.server.catalog.PipelineVersion;
import dev.sluice.server.queue.QueueEntry;
import dev.sluice.server.queue.RunQueue;
import dev.sluice.server.queue.Submission;
import dev.sluice.server.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Queues the run of one tick: the schedule's parameter values with {@code ${schedule.time}} and
 * {@code ${schedule.previous_time}} expanded, validated against the version, and its cause in {@code run_triggers},
 * all in the transaction that writes the caller's own row of the tick. Stateless; thread-safe.
 */
final class TickRuns {
    /** {@code run_triggers.kind} of a run a schedule's tick started. */
    static final String SCHEDULE = "schedule";
    /** {@code run_triggers.kind} of a run a backfill queued. */
    static final String BACKFILL = "backfill";

    private final PipelineCatalog catalog;
    private final RunQueue queue;

    TickRuns(PipelineCatalog catalog, RunQueue queue) {
        this.catalog = catalog;
        this.queue = queue;
    }

    /** The version's concurrency setting, validating it with these values (throws DefinitionException if refused). */
    Optional<Concurrency> concurrency(PipelineVersion v, Map<String, String> params) {
        PipelineSpec spec = catalog.spec(v);
        Pipeline p = catalog.definitions().validate(spec, params);
        return p.concurrency();
    }

    /**
     * Queues the run unless {@code row} declines (its row was taken). {@code row} runs first in the transaction; the
     * trigger is written after it.
     */
    Optional<QueueEntry> queue(PipelineVersion v, Schedule s, Instant tick, Optional<Concurrency> concurrency,
                               String kind, String detail, String by, RunQueue.Together row) {
        Map<String, String> params = s.paramsAt(tick);
        Submission sub = new Submission(v, params, false, Optional.empty(), 0, concurrency, by);
        return queue.submitIf(sub, (c, runId) -> row.apply(c, runId) && trigger(c, runId, kind, detail));
    }

    private static boolean trigger(Connection c, String runId, String kind, String detail) throws SQLException {
        Sql.update(c, "INSERT INTO run_triggers (run_id, kind, artifact_id, detail) VALUES (?, ?, ?, ?)", runId, kind, null, detail);
        return true;
    }
}
