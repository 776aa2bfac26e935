package dev.sluice.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link LineageQueries} over the {@code lineage_edges} table: a breadth-first walk, one level of step
 * runs at a time, inside one read snapshot. Thread-safe.
 */
final class JdbcLineage implements LineageQueries {
    private static final String EDGES_OF_ARTIFACT =
            "SELECT DISTINCT step_run_id FROM lineage_edges WHERE artifact_id = ? AND direction = ?";
    private static final String EDGES_OF_STEP_RUN =
            "SELECT port, pos, artifact_id FROM lineage_edges WHERE step_run_id = ? AND direction = ? ORDER BY port, pos";

    private final Database database;

    JdbcLineage(Database database) {
        this.database = database;
    }

    @Override
    public Lineage upstream(String artifactId) {
        return database.read(c -> walk(c, artifactId, "produced", "consumed"));
    }

    @Override
    public Lineage downstream(String artifactId) {
        return database.read(c -> walk(c, artifactId, "consumed", "produced"));
    }

    /**
     * From an artifact, finds the step runs linked to it by {@code toStep} edges, then follows their
     * {@code onward} edges to the next artifacts, until nothing new turns up.
     */
    private static Lineage walk(Connection c, String artifactId, String toStep, String onward) throws SQLException {
        List<Lineage.Node> nodes = new ArrayList<>();
        Set<String> seenArtifacts = new HashSet<>(Set.of(artifactId));
        Set<String> seenStepRuns = new HashSet<>();
        Set<String> frontier = new LinkedHashSet<>(Set.of(artifactId));
        for (int depth = 1; !frontier.isEmpty(); depth++) {
            List<String> stepRuns = new ArrayList<>();
            for (String artifact : frontier) {
                StepRunReader.query(c, EDGES_OF_ARTIFACT, new Object[] {artifact, toStep}, rs -> {
                    if (seenStepRuns.add(rs.getString(1))) stepRuns.add(rs.getString(1));
                });
            }
            frontier = new LinkedHashSet<>();
            for (StepRunRow stepRun : StepRunReader.byIds(c, stepRuns)) {
                nodes.add(new Lineage.Node(stepRun, edges(c, stepRun.id(), "consumed"), depth));
                for (OutputRow next : edges(c, stepRun.id(), onward)) {
                    if (seenArtifacts.add(next.artifactId())) frontier.add(next.artifactId());
                }
            }
        }
        return new Lineage(artifactId, nodes);
    }

    private static List<OutputRow> edges(Connection c, String stepRunId, String direction) throws SQLException {
        List<OutputRow> edges = new ArrayList<>();
        StepRunReader.query(c, EDGES_OF_STEP_RUN, new Object[] {stepRunId, direction},
                rs -> edges.add(new OutputRow(rs.getString(1), rs.getInt(2), rs.getString(3))));
        return edges;
    }

    @Override
    public Set<String> referencedArtifacts() {
        return database.read(c -> {
            Set<String> ids = new HashSet<>();
            StepRunReader.query(c, "SELECT artifact_id FROM step_outputs UNION SELECT artifact_id FROM lineage_edges"
                            + " UNION SELECT artifact_id FROM run_triggers WHERE artifact_id IS NOT NULL"
                            + " UNION SELECT artifact_id FROM model_versions",
                    new Object[0], rs -> ids.add(rs.getString(1)));
            return Set.copyOf(ids);
        });
    }
}
