package dev.sluice.meta;

import dev.sluice.api.RunStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link RunRetention} over JDBC. Thread-safe. */
record JdbcRunRetention(Database database, JdbcSql sql, Liveness liveness) implements RunRetention {
    /** Sluice's tables keyed by step run, emptied before the step runs themselves (their foreign keys point there). */
    private static final List<String> STEP_RUN_TABLES = List.of("step_params", "metrics", "check_results", "step_outputs",
            "lineage_edges");

    @Override
    public Optional<String> definition(String pipelineId) {
        return database.read(c -> {
            List<String> texts = new ArrayList<>();
            StepRunReader.query(c, "SELECT definition FROM pipelines WHERE id = ?", new Object[] {pipelineId},
                    rs -> texts.add(rs.getString(1)));
            return texts.stream().findFirst();
        });
    }

    @Override
    public boolean pin(String runId, String by, Instant at) {
        return sql.write(c -> {
            if (!exists(c, runId)) throw new MetadataException("no run " + runId + "; list runs with: sluice runs");
            if (pinOf(c, runId).isPresent()) return false;
            try (var p = c.prepareStatement("INSERT INTO run_pins (run_id, pinned_at, pinned_by) VALUES (?, ?, ?)")) {
                p.setString(1, runId);
                p.setLong(2, at.toEpochMilli());
                p.setString(3, by);
                p.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean unpin(String runId) {
        return sql.write(c -> {
            try (var p = c.prepareStatement("DELETE FROM run_pins WHERE run_id = ?")) {
                p.setString(1, runId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Pin> pin(String runId) {
        return database.read(c -> pinOf(c, runId));
    }

    @Override
    public Set<String> pinned() {
        return database.read(c -> {
            Set<String> ids = new HashSet<>();
            StepRunReader.query(c, "SELECT run_id FROM run_pins", new Object[0], rs -> ids.add(rs.getString(1)));
            return ids;
        });
    }

    @Override
    public Map<String, String> neededBy(Set<String> kept) {
        return database.read(c -> LineageNeeds.find(c, Set.copyOf(kept)));
    }

    @Override
    public Set<String> referencedArtifacts(Set<String> without) {
        return database.read(c -> {
            Set<String> ids = new HashSet<>();
            StepRunReader.query(c, "SELECT o.artifact_id, s.run_id FROM step_outputs o JOIN step_runs s ON s.id = o.step_run_id"
                    + " UNION ALL SELECT e.artifact_id, s.run_id FROM lineage_edges e JOIN step_runs s ON s.id = e.step_run_id"
                    + " UNION ALL SELECT artifact_id, run_id FROM run_triggers WHERE artifact_id IS NOT NULL"
                    + " UNION ALL SELECT artifact_id, NULL FROM model_versions", new Object[0], rs -> {
                        String run = rs.getString(2);
                        if (run == null || !without.contains(run)) ids.add(rs.getString(1));
                    });
            return ids;
        });
    }

    @Override
    public List<String> delete(Collection<String> runIds, List<DependentTable> dependents) {
        if (runIds.isEmpty()) return List.of();
        List<DependentTable> present = database.read(c -> existing(c, dependents));
        List<String> deleted = new ArrayList<>();
        for (List<String> batch : IdBatches.batches(runIds)) deleted.addAll(sql.write(c -> deleteBatch(c, batch, present)));
        return deleted;
    }

    private List<String> deleteBatch(Connection c, List<String> batch, List<DependentTable> dependents) throws SQLException {
        List<String> ids = deletable(c, batch);
        if (ids.isEmpty()) return ids;
        String in = " IN (" + IdBatches.marks(ids.size()) + ")";
        for (DependentTable d : dependents) update(c, "DELETE FROM " + d.table() + " WHERE " + d.runIdColumn() + in, ids);
        for (String table : STEP_RUN_TABLES) {
            update(c, "DELETE FROM " + table + " WHERE step_run_id IN (SELECT id FROM step_runs WHERE run_id" + in + ")", ids);
        }
        update(c, "DELETE FROM step_runs WHERE run_id" + in, ids);
        update(c, "DELETE FROM run_triggers WHERE run_id" + in, ids);
        update(c, "DELETE FROM run_final_steps WHERE run_id" + in, ids);
        update(c, "DELETE FROM step_approvals WHERE run_id" + in, ids);
        update(c, "DELETE FROM run_sweeps WHERE run_id" + in, ids);
        update(c, "DELETE FROM runs WHERE id" + in, ids);
        return ids;
    }

    /**
     * The runs of a batch that may go now, their rows locked against a concurrent pin or resume on PostgreSQL (SQLite's
     * write transaction holds the whole database): not pinned, not queued, not running in a live process, not resumed
     * by a going run, no model version made in them.
     */
    private List<String> deletable(Connection c, List<String> batch) throws SQLException {
        String in = " IN (" + IdBatches.marks(batch.size()) + ")";
        Map<String, RunRow> rows = new HashMap<>();
        Instant now = Instant.now();
        StepRunReader.query(c, "SELECT id, state, started_at, host, pid, heartbeat_at FROM runs WHERE id" + in
                + (database.dialect() == Dialect.POSTGRES ? " FOR UPDATE" : ""), batch.toArray(), rs -> rows.put(rs.getString(1),
                liveness.resolve(new RunRow(rs.getString(1), "", "", RunStatus.ofLabel(rs.getString(2)),
                        Instant.ofEpochMilli(rs.getLong(3)), Optional.empty(), "{}", Optional.empty(), rs.getString(4),
                        rs.getLong(5), JdbcQueries.optionalInstant(rs, 6)), now)));
        Set<String> held = new HashSet<>();
        StepRunReader.query(c, "SELECT run_id FROM run_pins WHERE run_id" + in, batch.toArray(), rs -> held.add(rs.getString(1)));
        StepRunReader.query(c, "SELECT run_id FROM model_versions WHERE run_id" + in, batch.toArray(), rs -> held.add(rs.getString(1)));
        StepRunReader.query(c, "SELECT resumed_from FROM runs WHERE resumed_from" + in + " AND state IN ('queued', 'running')",
                batch.toArray(), rs -> held.add(rs.getString(1)));
        List<String> ids = new ArrayList<>();
        for (String id : batch) {
            RunRow r = rows.get(id);
            if (r != null && !held.contains(id) && r.state() != RunStatus.RUNNING && r.state() != RunStatus.QUEUED) ids.add(id);
        }
        return ids;
    }

    private static void update(Connection c, String statement, List<String> ids) throws SQLException {
        try (var p = c.prepareStatement(statement)) {
            StepRunReader.bind(p, ids.toArray());
            p.executeUpdate();
        }
    }

    private static List<DependentTable> existing(Connection c, List<DependentTable> dependents) throws SQLException {
        List<DependentTable> present = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        for (DependentTable d : dependents) {
            boolean found = false;
            for (String name : List.of(d.table(), d.table().toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
                    found |= rs.next();
                }
            }
            if (found) present.add(d);
        }
        return present;
    }

    private static boolean exists(Connection c, String runId) throws SQLException {
        boolean[] found = {false};
        StepRunReader.query(c, "SELECT id FROM runs WHERE id = ?", new Object[] {runId}, rs -> found[0] = true);
        return found[0];
    }

    private static Optional<Pin> pinOf(Connection c, String runId) throws SQLException {
        List<Pin> pins = new ArrayList<>();
        StepRunReader.query(c, "SELECT run_id, pinned_at, pinned_by FROM run_pins WHERE run_id = ?", new Object[] {runId},
                rs -> pins.add(new Pin(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3))));
        return pins.stream().findFirst();
    }
}
