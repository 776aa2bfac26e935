package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the runs that lineage needs beyond a kept set ({@link RunRetention#neededBy}), level by level inside one read
 * snapshot: from the runs added last, their step runs' cache sources and the producers of what they consumed or
 * reported; an artifact that a kept run produced needs nothing more, one that none did keeps its newest producer.
 * The work is proportional to the kept runs and what they need, not to the whole history. Not thread-safe (one per
 * call).
 */
final class LineageNeeds {
    /** A step run and the run it belongs to. */
    private record StepOf(String stepRunId, String runId) {}

    /** A producer of an artifact: its run and when its step run started. */
    private record Producer(String runId, long started) {}

    private final Connection c;
    private final Set<String> kept;
    private final Map<String, String> needed = new LinkedHashMap<>();

    private LineageNeeds(Connection c, Set<String> kept) {
        this.c = c;
        this.kept = kept;
    }

    static Map<String, String> find(Connection c, Set<String> kept) throws SQLException {
        LineageNeeds n = new LineageNeeds(c, kept);
        List<String> frontier = new ArrayList<>(kept);
        frontier.addAll(n.modelRoots());
        while (!frontier.isEmpty()) frontier = n.level(frontier);
        return n.needed;
    }

    private boolean has(String runId) {
        return kept.contains(runId) || needed.containsKey(runId);
    }

    /** Adds a run with why; true when it was not there yet. */
    private boolean need(String runId, String why) {
        if (has(runId)) return false;
        needed.put(runId, why);
        return true;
    }

    /** Registered model versions: the run each was made in, and one producer of each model artifact. */
    private List<String> modelRoots() throws SQLException {
        List<String> added = new ArrayList<>();
        Map<String, String> artifacts = new LinkedHashMap<>();
        StepRunReader.query(c, "SELECT v.name, v.version, v.artifact_id, r.id FROM model_versions v"
                + " LEFT JOIN runs r ON r.id = v.run_id ORDER BY v.name, v.version", new Object[0], rs -> {
                    String why = "registered model " + rs.getString(1) + " v" + rs.getInt(2);
                    String run = rs.getString(4);
                    if (run != null && need(run, why)) added.add(run);
                    artifacts.putIfAbsent(rs.getString(3), why);
                });
        added.addAll(producers(artifacts));
        return added;
    }

    /** The runs the runs of one level need that were not known yet. */
    private List<String> level(List<String> runs) throws SQLException {
        List<String> added = new ArrayList<>();
        Map<String, String> artifacts = new LinkedHashMap<>();
        Map<String, String> sources = new HashMap<>(); // cache source step run -> the run that reused it
        IdBatches.query(c, "SELECT s.cache_source, s.run_id FROM step_runs s WHERE s.run_id IN (%s)"
                + " AND s.cache_source IS NOT NULL", runs, rs -> sources.putIfAbsent(rs.getString(1), rs.getString(2)));
        IdBatches.query(c, "SELECT e.artifact_id, s.run_id FROM lineage_edges e JOIN step_runs s ON s.id = e.step_run_id"
                + " WHERE s.run_id IN (%s) AND e.direction = 'consumed'", runs,
                rs -> artifacts.putIfAbsent(rs.getString(1), rs.getString(2)));
        IdBatches.query(c, "SELECT o.artifact_id, s.run_id FROM step_outputs o JOIN step_runs s ON s.id = o.step_run_id"
                + " WHERE s.run_id IN (%s)", runs, rs -> artifacts.putIfAbsent(rs.getString(1), rs.getString(2)));
        List<StepOf> sourceRuns = new ArrayList<>();
        IdBatches.query(c, "SELECT id, run_id FROM step_runs WHERE id IN (%s)", sources.keySet(),
                rs -> sourceRuns.add(new StepOf(rs.getString(1), rs.getString(2))));
        for (StepOf s : sourceRuns) {
            if (need(s.runId(), "cache source of run " + sources.get(s.stepRunId()))) added.add(s.runId());
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        artifacts.forEach((artifact, run) -> reasons.put(artifact, "lineage of run " + run));
        added.addAll(producers(reasons));
        return added;
    }

    /** For each artifact no kept or needed run produced: its newest producer's run, added with the artifact's reason. */
    private List<String> producers(Map<String, String> artifacts) throws SQLException {
        Map<String, List<Producer>> byArtifact = new HashMap<>();
        IdBatches.query(c, "SELECT e.artifact_id, s.run_id, s.started_at FROM lineage_edges e"
                + " JOIN step_runs s ON s.id = e.step_run_id WHERE e.direction = 'produced' AND e.artifact_id IN (%s)",
                artifacts.keySet(), rs -> byArtifact.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Producer(rs.getString(2), rs.getLong(3))));
        List<String> added = new ArrayList<>();
        for (var e : artifacts.entrySet()) {
            List<Producer> ps = byArtifact.getOrDefault(e.getKey(), List.of());
            if (ps.isEmpty() || ps.stream().anyMatch(p -> has(p.runId()))) continue;
            Producer newest = ps.stream().max(java.util.Comparator.comparingLong(Producer::started)
                    .thenComparing(Producer::runId)).orElseThrow();
            if (need(newest.runId(), e.getValue())) added.add(newest.runId());
        }
        return added;
    }
}
