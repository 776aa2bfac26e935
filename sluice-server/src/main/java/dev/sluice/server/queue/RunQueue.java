package dev.sluice.server.queue;

import dev.sluice.meta.MetadataSql;
import dev.sluice.meta.MetadataStores;
import dev.sluice.pipeline.Concurrency;
import dev.sluice.server.events.EventJson;
import dev.sluice.server.events.EventLog;
import dev.sluice.server.sql.Sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The run queue in the metadata database: a submitted run gets its id at once (its {@code runs} row reads
 * {@code queued}, so {@code sluice runs} and {@code sluice show} list it) and a {@code server_queue} row; the
 * pipeline's {@code concurrency:} policy applies when it is submitted ({@code skip} refuses it, {@code cancel_previous}
 * cancels the oldest going runs). Cancelling a queued run ends it at once; a running one is asked to stop (its server
 * notices within a poll). Claiming is {@link Claims}'s. Thread-safe.
 */
public final class RunQueue {
    private final MetadataSql sql;
    private final Path home;

    /** What cancelling did. */
    public enum Cancelled { WHILE_QUEUED, REQUESTED }

    public RunQueue(MetadataSql sql, Path home) {
        this.sql = sql;
        this.home = home;
    }

    /**
     * Queues a run and returns its entry.
     *
     * @throws QueueException {@code SKIPPED} when the pipeline's policy is {@code skip} and its limit is reached
     */
    public QueueEntry submit(Submission s) {
        return submitIf(s, (c, runId) -> true).orElseThrow();
    }

    /**
     * Queues a run that no person started, with its cause ({@code run_triggers}, in the same transaction, so the run
     * says what started it from its first moment: {@code sluice show}, {@code runs --json}, the API).
     *
     * @throws QueueException {@code SKIPPED} when the pipeline's policy is {@code skip} and its limit is reached
     */
    public QueueEntry submit(Submission s, dev.sluice.meta.RunTrigger cause) {
        return submitOnce(s, cause, (c, runId) -> true).orElseThrow();
    }

    /** Work done in the transaction that queues a run, after its rows are written. */
    @FunctionalInterface
    public interface Together {
        /** Returns false to queue nothing after all (the whole transaction rolls back). */
        boolean apply(Connection c, String runId) throws SQLException;
    }

    /**
     * As {@link #submit}, with {@code together} in the same transaction: a scheduler records its tick there, so a run
     * is queued exactly when its tick's row is. Empty when {@code together} declined.
     */
    public Optional<QueueEntry> submitIf(Submission s, Together together) {
        String runId = RunIds.reserve(home);
        try {
            Optional<QueueEntry> e = sql.write(c -> {
                applyPolicy(c, s);
                String unique = RunIds.unused(c, runId, home);
                insert(c, unique, s);
                if (!together.apply(c, unique)) throw new Declined();
                return QueueRows.find(c, unique);
            });
            if (e.isEmpty() || !e.get().runId().equals(runId)) RunIds.release(home, runId);
            return e;
        } catch (Declined d) {
            RunIds.release(home, runId);
            return Optional.empty();
        } catch (RuntimeException e) {
            RunIds.release(home, runId);
            if (e.getCause() instanceof Declined) return Optional.empty();
            throw e;
        }
    }

    /** Rolls back a submission whose {@link Together} declined. */
    private static final class Declined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Declined() {
            super("declined", null, false, false);
        }
    }

    /** A cause that may queue at most one run (a webhook delivery, a data file, an upstream run). */
    @FunctionalInterface
    public interface Once {
        /**
         * Inserts the cause's unique row naming {@code runId}, in the transaction that queues the run; false when the
         * row was there already (the cause was seen, by this server or another), and then nothing is queued.
         */
        boolean take(Connection c, String runId) throws SQLException;
    }

    /**
     * Queues a run that no person asked for, once per cause: in one transaction ({@link #submitIf}), {@code once}
     * takes the cause's unique row, the run is queued as {@link #submit} does, and {@code cause} is recorded in
     * {@code run_triggers} (as the executor records a drift-started run's). Empty when the cause had already queued a run.
     *
     * @throws QueueException {@code SKIPPED} as for {@link #submit}; the cause is then not recorded either
     */
    public Optional<QueueEntry> submitOnce(Submission s, dev.sluice.meta.RunTrigger cause, Once once) {
        return submitIf(s, (c, runId) -> {
            if (!once.take(c, runId)) return false;
            Sql.update(c, "INSERT INTO run_triggers (run_id, kind, artifact_id, detail) VALUES (?, ?, ?, ?)",
                    runId, cause.kind(), cause.artifact(), cause.detail());
            return true;
        });
    }

    private void applyPolicy(Connection c, Submission s) throws SQLException {
        if (s.concurrency().isEmpty()) return;
        Concurrency limit = s.concurrency().get();
        if (limit.policy() == Concurrency.Policy.QUEUE) return;
        List<String> going = Sql.list(c, "SELECT run_id FROM server_queue WHERE pipeline = ? AND state IN ('queued', 'running')"
                + " AND NOT cancel_requested ORDER BY queued_at, run_id", rs -> rs.getString(1), s.version().name());
        if (going.size() < limit.max()) return;
        if (limit.policy() == Concurrency.Policy.SKIP) {
            throw new QueueException(QueueException.Kind.SKIPPED, "pipeline '" + s.version().name() + "' already has "
                    + going.size() + " run(s) queued or running (concurrency: {max: " + limit.max() + ", policy: skip});"
                    + " this run was not queued");
        }
        String why = "cancelled to make room for a newer run (concurrency: {max: " + limit.max() + ", policy: cancel_previous})";
        for (String old : going.subList(0, going.size() - limit.max() + 1)) {
            if (!QueueRows.cancelQueued(c, old, "cancelled", why)) {
                Sql.update(c, "UPDATE server_queue SET cancel_requested = ?, error = ? WHERE run_id = ? AND state = 'running'",
                        true, why, old);
            }
        }
    }

    private static void insert(Connection c, String runId, Submission s) throws SQLException {
        long now = System.currentTimeMillis();
        String params = QueueRows.json(s.params());
        Sql.update(c, "INSERT INTO runs (id, pipeline_id, state, started_at, parameters_json, resumed_from, host, pid)"
                + " VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)", runId, s.version().pipelineId(), now, params, s.resumeOf(),
                MetadataStores.localHost(), ProcessHandle.current().pid());
        Sql.update(c, "INSERT INTO server_queue (run_id, pipeline, version, state, priority, params_json, no_cache, resume_of,"
                + " concurrency_max, submitted_by, queued_at, cancel_requested) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, s.version().name(), s.version().digest(), s.priority(), params, s.noCache(), s.resumeOf(),
                s.concurrency().map(Concurrency::max), s.submittedBy(), now, false);
        EventLog.insert(c, runId, EventJson.RUN_QUEUED, Instant.ofEpochMilli(now), seq -> {
            var n = EventJson.header(seq, EventJson.RUN_QUEUED, runId, Instant.ofEpochMilli(now));
            n.put("pipeline", s.version().name()).put("version", s.version().digest()).put("submitted_by", s.submittedBy());
            n.set("params", QueueRows.JSON.valueToTree(s.params()));
            s.resumeOf().ifPresent(r -> n.put("resume_of", r));
            return n;
        });
    }

    /**
     * Cancels a run: a queued one ends at once as cancelled; a running one is asked to stop.
     *
     * @throws QueueException {@code NOT_FOUND} for a run the server did not queue, {@code FINISHED} for one that ended
     */
    public Cancelled cancel(String runId, String by) {
        return sql.write(c -> {
            Optional<QueueEntry> e = QueueRows.find(c, runId);
            if (e.isEmpty()) {
                throw new QueueException(QueueException.Kind.NOT_FOUND, "run " + runId + " was not started by the server;"
                        + " cancel a run started with 'sluice run' with Ctrl-C where it runs");
            }
            if (QueueRows.cancelQueued(c, runId, "cancelled", "cancelled by " + by + " before it started")) return Cancelled.WHILE_QUEUED;
            // a run whose run_finished a client has already seen has ended, even before its executor closes its entry
            boolean ended = Sql.first(c, "SELECT COUNT(*) FROM server_run_events WHERE run_id = ? AND type = ?",
                    rs -> rs.getLong(1) > 0, runId, EventJson.RUN_FINISHED).orElse(false);
            int n = ended ? 0
                    : Sql.update(c, "UPDATE server_queue SET cancel_requested = ? WHERE run_id = ? AND state = 'running'", true, runId);
            if (n == 0) throw new QueueException(QueueException.Kind.FINISHED, "run " + runId + " already ended ("
                    + e.get().outcome().orElse("done") + "); there is nothing to cancel");
            return Cancelled.REQUESTED;
        });
    }

    /** The queue entry of a run, if the server queued it. */
    public Optional<QueueEntry> entry(String runId) {
        return sql.read(c -> QueueRows.find(c, runId));
    }

    /** The queue entries of these runs (those the server queued). */
    public java.util.Map<String, QueueEntry> entries(List<String> runIds) {
        if (runIds.isEmpty()) return java.util.Map.of();
        return sql.read(c -> {
            java.util.Map<String, QueueEntry> out = new java.util.HashMap<>();
            for (QueueEntry e : Sql.list(c, QueueRows.COLUMNS + " WHERE run_id IN (" + Sql.marks(runIds.size()) + ")",
                    QueueRows::entry, runIds.toArray())) out.put(e.runId(), e);
            return out;
        });
    }

    /** How many runs wait and run, for {@code /api/v1/health}. */
    public java.util.Map<String, Long> counts() {
        return sql.read(c -> {
            java.util.Map<String, Long> out = new java.util.TreeMap<>();
            for (var row : Sql.list(c, "SELECT state, COUNT(*) FROM server_queue WHERE state <> 'done' GROUP BY state",
                    rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2)))) out.put(row.getKey(), row.getValue());
            return out;
        });
    }
}
