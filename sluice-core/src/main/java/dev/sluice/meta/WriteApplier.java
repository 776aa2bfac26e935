package dev.sluice.meta;

import dev.sluice.api.CheckResult;
import dev.sluice.api.RunStatus;
import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite.ArtifactContent;
import dev.sluice.meta.MetaWrite.ArtifactContentDropped;
import dev.sluice.meta.MetaWrite.ArtifactStored;
import dev.sluice.meta.MetaWrite.Consumed;
import dev.sluice.meta.MetaWrite.Heartbeat;
import dev.sluice.meta.MetaWrite.PipelineSeen;
import dev.sluice.meta.MetaWrite.RunFinished;
import dev.sluice.meta.MetaWrite.RunStarted;
import dev.sluice.meta.MetaWrite.RunTriggered;
import dev.sluice.meta.MetaWrite.StepFinished;
import dev.sluice.meta.MetaWrite.StepStarted;
import dev.sluice.meta.MetaWrite.SweepDeclared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns {@link MetaWrite} records into SQL on the writer's connection, inside the caller's
 * transaction. Prepared statements are kept for the connection's life. Not thread-safe: owned by the
 * writer thread.
 */
final class WriteApplier implements AutoCloseable {
    /**
     * A new run; or a run the server queued under this id and then claimed, which this process (the claimer, whose
     * host and pid the claim wrote) now starts: its row is updated instead, keeping the pipeline version it was
     * queued with. Any other existing row is left alone, as a plain INSERT would have failed on it.
     */
    private static final String RUN_STARTED = "INSERT INTO runs (id, pipeline_id, state, started_at, parameters_json,"
            + " resumed_from, host, pid, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET state = excluded.state, started_at = excluded.started_at,"
            + " parameters_json = excluded.parameters_json, resumed_from = excluded.resumed_from,"
            + " heartbeat_at = excluded.heartbeat_at"
            + " WHERE runs.state IN ('queued', 'running') AND runs.host = excluded.host AND runs.pid = excluded.pid";

    /** The error of a step run that was still running when its run ended. */
    static final String UNRECORDED_END = "the end of this step was not recorded; the run ended without it (see the step's log)";

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    WriteApplier(Connection connection) {
        this.connection = connection;
    }

    void apply(MetaWrite write) throws SQLException {
        switch (write) {
            case PipelineSeen p -> update("INSERT INTO pipelines (id, name, definition, first_seen) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO NOTHING", p.id(), p.name(), p.definition(), p.at().toEpochMilli());
            case RunStarted r -> update(RUN_STARTED, r.runId(), r.pipelineId(), RunStatus.RUNNING.label(),
                    r.started().toEpochMilli(), r.parametersJson(), r.resumedFrom(), r.host(), r.pid(),
                    r.started().toEpochMilli());
            case RunTriggered t -> update("INSERT INTO run_triggers (run_id, kind, artifact_id, detail) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (run_id) DO NOTHING",
                    t.runId(), t.trigger().kind(), t.trigger().artifact(), t.trigger().detail());
            case SweepDeclared d -> update("INSERT INTO run_sweeps (run_id, step, method, metric, goal, trials, seed, params)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, step) DO NOTHING", d.sweep().runId(),
                    d.sweep().step(), d.sweep().method(), d.sweep().metric(), d.sweep().goal(), d.sweep().trials(),
                    d.sweep().seed(), d.sweep().paramsJson());
            case MetaWrite.FinalStepDeclared f -> update("INSERT INTO run_final_steps (run_id, step, phase) VALUES (?, ?, ?)"
                    + " ON CONFLICT (run_id, step) DO NOTHING", f.runId(), f.step(), f.phase());
            case StepStarted s -> stepStarted(s);
            case StepFinished f -> stepFinished(f);
            case MetaWrite.StepRecorded r -> stepRecorded(r);
            case ArtifactStored a -> update("INSERT INTO artifacts (id, kind, media_type, size, created_at)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    a.artifactId(), a.kind(), a.mediaType(), a.size(), a.created().toEpochMilli());
            case ArtifactContent a -> update("INSERT INTO artifact_content (artifact_id, content) VALUES (?, ?)"
                    + " ON CONFLICT (artifact_id) DO NOTHING", a.artifactId(), a.content());
            case ArtifactContentDropped d -> update("DELETE FROM artifact_content WHERE artifact_id = ?", d.artifactId());
            case Consumed c -> edge(c.stepRunId(), "consumed", c.port(), c.position(), c.artifactId());
            case RunFinished r -> runFinished(r);
            case Heartbeat h -> update("UPDATE runs SET heartbeat_at = ? WHERE id = ?",
                    h.at().toEpochMilli(), h.runId());
        }
    }

    /**
     * Ends the run, and any of its step runs still recorded as running: their end was never recorded (an error of
     * the JVM, a record lost to a full disk), so they read as failed, never as running in a finished run.
     */
    private void runFinished(RunFinished r) throws SQLException {
        update("UPDATE runs SET state = ?, ended_at = ? WHERE id = ?", r.state().label(), r.ended().toEpochMilli(), r.runId());
        update("UPDATE step_runs SET state = ?, ended_at = ?, error = ? WHERE run_id = ? AND state = ?",
                StepStatus.FAILED.label(), r.ended().toEpochMilli(), UNRECORDED_END, r.runId(), StepStatus.RUNNING.label());
    }

    private void stepStarted(StepStarted s) throws SQLException {
        update("INSERT INTO step_runs (id, run_id, step, base_step, state, attempt, started_at, log_location,"
                        + " cache_key, cache_key_parts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.stepRunId(), s.runId(), s.step(), s.baseStep(), StepStatus.RUNNING.label(), s.attempt(),
                s.started().toEpochMilli(), s.logLocation(), s.cacheKey(), s.cacheKeyPartsJson());
        params(s);
    }

    private void params(StepStarted s) throws SQLException {
        for (var p : s.params().entrySet()) {
            update("INSERT INTO step_params (step_run_id, name, value_json) VALUES (?, ?, ?)"
                    + " ON CONFLICT (step_run_id, name) DO UPDATE SET value_json = excluded.value_json",
                    s.stepRunId(), p.getKey(), p.getValue());
        }
    }

    /** One row in its final state, then what {@link #stepStarted} and {@link #stepFinished} add besides the row. */
    private void stepRecorded(MetaWrite.StepRecorded r) throws SQLException {
        StepStarted s = r.start();
        StepFinished f = r.end();
        update("INSERT INTO step_runs (id, run_id, step, base_step, state, attempt, started_at, log_location,"
                        + " cache_key, cache_key_parts_json, ended_at, exit_code, error, cache_source)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s.stepRunId(), s.runId(), s.step(), s.baseStep(), f.state().label(), s.attempt(),
                s.started().toEpochMilli(), s.logLocation(), s.cacheKey(), s.cacheKeyPartsJson(),
                f.ended().toEpochMilli(), f.exitCode(), f.error(), f.cacheSource());
        params(s);
        for (Consumed c : r.inputs()) edge(c.stepRunId(), "consumed", c.port(), c.position(), c.artifactId());
        details(f);
    }

    private void stepFinished(StepFinished f) throws SQLException {
        update("UPDATE step_runs SET state = ?, ended_at = ?, exit_code = ?, error = ?, cache_source = ? WHERE id = ?",
                f.state().label(), f.ended().toEpochMilli(), f.exitCode(), f.error(), f.cacheSource(), f.stepRunId());
        details(f);
    }

    /** A step run's metrics, checks and outputs (and, unless it is a cache hit, what it produced). */
    private void details(StepFinished f) throws SQLException {
        for (var m : f.metrics().entrySet()) {
            update("INSERT INTO metrics (step_run_id, name, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (step_run_id, name) DO UPDATE SET value = excluded.value",
                    f.stepRunId(), m.getKey(), m.getValue());
        }
        int position = 0;
        for (CheckResult c : f.checks()) {
            update("INSERT INTO check_results (step_run_id, name, passed, observed, expected, observed_text, details,"
                    + " severity, pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (step_run_id, name) DO UPDATE SET passed = excluded.passed,"
                    + " observed = excluded.observed, expected = excluded.expected, observed_text = excluded.observed_text,"
                    + " details = excluded.details, severity = excluded.severity, pos = excluded.pos",
                    f.stepRunId(), c.name(), c.passed(), c.observed(), c.expected(), c.observedText(),
                    c.details().isEmpty() ? null : c.details(), c.severity().label(), position++);
        }
        for (OutputRow o : f.outputs()) {
            update("INSERT INTO step_outputs (step_run_id, port, pos, artifact_id) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (step_run_id, port, pos) DO UPDATE SET artifact_id = excluded.artifact_id",
                    f.stepRunId(), o.port(), o.position(), o.artifactId());
            if (f.state() != StepStatus.CACHED) {
                edge(f.stepRunId(), "produced", o.port(), o.position(), o.artifactId());
            }
        }
    }

    private void edge(String stepRunId, String direction, String port, int position, String artifactId)
            throws SQLException {
        update("INSERT INTO lineage_edges (step_run_id, direction, port, pos, artifact_id) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (step_run_id, direction, port, pos) DO UPDATE SET artifact_id = excluded.artifact_id",
                stepRunId, direction, port, position, artifactId);
    }

    private void update(String sql, Object... args) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        for (int i = 0; i < args.length; i++) {
            bind(statement, i + 1, args[i]);
        }
        statement.executeUpdate();
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        Object plain = value instanceof Optional<?> o ? o.orElse(null) : value;
        switch (plain) {
            case null -> statement.setNull(index, Types.NULL); // untyped: PostgreSQL infers the column's type
            case String s -> statement.setString(index, s);
            case Long l -> statement.setLong(index, l);
            case Integer i -> statement.setInt(index, i);
            case Double d -> statement.setDouble(index, d);
            case Boolean b -> statement.setBoolean(index, b);
            case byte[] bytes -> statement.setBytes(index, bytes);
            default -> throw new IllegalArgumentException("cannot bind " + plain.getClass());
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection closes next; nothing to do about a statement that would not close
            }
        }
        statements.clear();
    }
}
