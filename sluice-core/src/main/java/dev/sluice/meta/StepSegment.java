package dev.sluice.meta;

import dev.sluice.api.StepStatus;
import dev.sluice.meta.MetaWrite.ArtifactContent;
import dev.sluice.meta.MetaWrite.ArtifactStored;
import dev.sluice.meta.MetaWrite.Consumed;
import dev.sluice.meta.MetaWrite.StepFinished;
import dev.sluice.meta.MetaWrite.StepStarted;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consecutive step records of one group commit ({@link WriteApplier#stepRecord}), applied with a few multi-row
 * statements instead of several statements per record. The tables are written in the order their references need:
 * artifacts, their bytes, step runs (inserted already ended when the segment also holds their end), their parameters,
 * consumed edges, then the ends of step runs started earlier, metrics, checks, outputs and produced edges. Within a
 * table, rows keep the records' order. A segment holding the same key twice for one upsert (which no run submits):
 * SQLite applies a multi-row statement row by row, so the later row wins, as one by one; PostgreSQL refuses the
 * statement, and the writer replays the batch record by record. Not thread-safe: the writer thread's.
 */
final class StepSegment {
    /** Rows per statement, at most: 32 rows of the widest table bind 448 values, far below either database's limit. */
    static final int MAX_ROWS = 32;

    private static final Table ARTIFACTS = new Table("INSERT INTO artifacts (id, kind, media_type, size, created_at) VALUES ",
            5, " ON CONFLICT (id) DO NOTHING");
    private static final Table CONTENT = new Table("INSERT INTO artifact_content (artifact_id, content) VALUES ",
            2, " ON CONFLICT (artifact_id) DO NOTHING");
    private static final Table STEP_RUNS = new Table("INSERT INTO step_runs (id, run_id, step, base_step, state, attempt,"
            + " started_at, log_location, cache_key, cache_key_parts_json, ended_at, exit_code, error, cache_source) VALUES ",
            14, "");
    private static final Table EDGES = new Table("INSERT INTO lineage_edges (step_run_id, direction, port, pos, artifact_id)"
            + " VALUES ", 5, " ON CONFLICT (step_run_id, direction, port, pos) DO UPDATE SET artifact_id = excluded.artifact_id");
    private static final Table OUTPUTS = new Table("INSERT INTO step_outputs (step_run_id, port, pos, artifact_id) VALUES ",
            4, " ON CONFLICT (step_run_id, port, pos) DO UPDATE SET artifact_id = excluded.artifact_id");

    /** A multi-row INSERT: its text for 1, 2, 4 … {@link #MAX_ROWS} rows. */
    private record Table(String head, int columns, String tail, String[] bySize) {
        Table(String head, int columns, String tail) {
            this(head, columns, tail, new String[MAX_ROWS + 1]);
            for (int rows = 1; rows <= MAX_ROWS; rows <<= 1) {
                StringBuilder sql = new StringBuilder(head);
                String row = "(" + "?, ".repeat(columns - 1) + "?)";
                for (int r = 0; r < rows; r++) sql.append(r == 0 ? "" : ", ").append(row);
                bySize[rows] = sql.append(tail).toString();
            }
        }
    }

    private final WriteApplier applier;

    StepSegment(WriteApplier applier) {
        this.applier = applier;
    }

    void apply(List<MetaWrite> records) throws SQLException {
        Map<String, StepFinished> ends = new HashMap<>();
        for (MetaWrite w : records) {
            if (w instanceof StepFinished f) ends.put(f.stepRunId(), f);
        }
        List<Object[]> artifacts = new ArrayList<>();
        List<Object[]> contents = new ArrayList<>();
        List<Object[]> stepRuns = new ArrayList<>();
        List<StepStarted> withParams = new ArrayList<>();
        List<Object[]> consumed = new ArrayList<>();
        List<StepFinished> finished = new ArrayList<>();
        Set<String> insertedEnded = new HashSet<>();
        for (MetaWrite w : records) {
            switch (w) {
                case ArtifactStored a -> artifacts.add(new Object[] {a.artifactId(), a.kind(), a.mediaType(), a.size(),
                        a.created().toEpochMilli()});
                case ArtifactContent c -> contents.add(new Object[] {c.artifactId(), c.content()});
                case StepStarted s -> {
                    StepFinished end = ends.get(s.stepRunId());
                    if (end != null && !insertedEnded.add(s.stepRunId())) end = null; // started twice: the insert fails
                    stepRuns.add(new Object[] {s.stepRunId(), s.runId(), s.step(), s.baseStep(),
                            (end == null ? StepStatus.RUNNING : end.state()).label(), s.attempt(), s.started().toEpochMilli(),
                            s.logLocation(), s.cacheKey(), s.cacheKeyPartsJson(),
                            end == null ? null : end.ended().toEpochMilli(), end == null ? null : end.exitCode(),
                            end == null ? null : end.error(), end == null ? null : end.cacheSource()});
                    if (!s.params().isEmpty()) withParams.add(s);
                }
                case Consumed c -> consumed.add(new Object[] {c.stepRunId(), "consumed", c.port(), c.position(), c.artifactId()});
                case StepFinished f -> finished.add(f);
                default -> throw new IllegalArgumentException("not a step record: " + w);
            }
        }
        insert(ARTIFACTS, artifacts);
        insert(CONTENT, contents);
        insert(STEP_RUNS, stepRuns);
        for (StepStarted s : withParams) applier.stepParams(s);
        insert(EDGES, consumed);
        List<Object[]> outputs = new ArrayList<>();
        List<Object[]> produced = new ArrayList<>();
        for (StepFinished f : finished) {
            if (!insertedEnded.remove(f.stepRunId())) { // started in an earlier batch (or twice here): its row is updated
                applier.update("UPDATE step_runs SET state = ?, ended_at = ?, exit_code = ?, error = ?, cache_source = ?"
                        + " WHERE id = ?", f.state().label(), f.ended().toEpochMilli(), f.exitCode(), f.error(),
                        f.cacheSource(), f.stepRunId());
            }
            applier.stepFinishedDetails(f);
            for (OutputRow o : f.outputs()) {
                outputs.add(new Object[] {f.stepRunId(), o.port(), o.position(), o.artifactId()});
                if (f.state() != StepStatus.CACHED) {
                    produced.add(new Object[] {f.stepRunId(), "produced", o.port(), o.position(), o.artifactId()});
                }
            }
        }
        insert(OUTPUTS, outputs);
        insert(EDGES, produced);
    }

    /** The rows, in order, in statements of {@link #MAX_ROWS}, then of the powers of two that make up the rest. */
    private void insert(Table table, List<Object[]> rows) throws SQLException {
        int i = 0;
        for (int size = MAX_ROWS; size >= 1; size >>= 1) {
            while (rows.size() - i >= size) {
                PreparedStatement statement = applier.statement(table.bySize()[size]);
                int index = 1;
                for (int r = i; r < i + size; r++) {
                    for (Object value : rows.get(r)) WriteApplier.bind(statement, index++, value);
                }
                statement.executeUpdate();
                i += size;
            }
        }
    }
}
