package dev.sluice.meta;

import dev.sluice.api.RunStatus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link MetadataQueries} over JDBC; each call reads one snapshot on its own connection. Thread-safe. */
record JdbcQueries(Database database, Liveness liveness) implements MetadataQueries {
    private static final String RUN_COLUMNS = "SELECT r.id, r.pipeline_id, p.name, r.state, r.started_at, r.ended_at,"
            + " r.parameters_json, r.resumed_from, r.host, r.pid, r.heartbeat_at"
            + " FROM runs r JOIN pipelines p ON p.id = r.pipeline_id";
    private static final String ARTIFACT_COLUMNS = "SELECT id, kind, media_type, size, created_at FROM artifacts";
    private static final int MAX_CANDIDATES = 5;

    @Override
    public List<RunRow> runs(int limit) {
        return database.read(c -> runRows(c, RUN_COLUMNS + " ORDER BY r.started_at DESC, r.id LIMIT ?", limit));
    }

    @Override
    public Optional<RunRow> run(String idOrPrefix) {
        String id = IdPrefix.run(idOrPrefix);
        return database.read(c -> byIdOrPrefix("run", idOrPrefix, id, RUN_COLUMNS, "r.id",
                (sql, arg) -> runRows(c, sql, arg), RunRow::id));
    }

    @Override
    public List<StepRunRow> stepRuns(String runId) {
        return database.read(c -> StepRunReader.read(c, "s.run_id = ?", "ORDER BY s.started_at, s.id", runId));
    }

    /** How many of the workspace's newest runs {@link #newestRuns} looks through first. */
    static final int RECENT_RUNS = 256;
    /** Up to this many definitions of one pipeline name, {@link #newestRuns} reads each one's newest runs by index. */
    static final int MAX_DEFINITIONS = 64;

    /** One read: the pipeline's newest runs by their index, then their step runs in one query per detail table. */
    @Override
    public List<StepRunRow> recentStepRuns(String pipelineName, int runs) {
        return database.read(c -> {
            List<String> ids = newestRuns(c, pipelineName, runs);
            if (ids.isEmpty()) return List.<StepRunRow>of();
            String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            List<StepRunRow> rows = new ArrayList<>(StepRunReader.read(c, "s.run_id IN (" + in + ")", "ORDER BY s.started_at, s.id",
                    ids.toArray()));
            rows.sort(java.util.Comparator.comparingInt(r -> ids.indexOf(r.runId()))); // stable: started order within a run
            return rows;
        });
    }

    /**
     * The ids of the newest {@code runs} runs of the pipelines named {@code pipelineName}, newest first, without
     * reading every run of a large workspace: among its {@link #RECENT_RUNS} newest runs (a pipeline run lately);
     * else through each definition's runs, newest first by index (a pipeline not run lately, or never); else, for a
     * name with more than {@link #MAX_DEFINITIONS} definitions not run lately, by a scan of the runs, newest first.
     */
    private static List<String> newestRuns(java.sql.Connection c, String pipelineName, int runs) throws SQLException {
        List<String> ids = new ArrayList<>();
        StepRunReader.query(c, "SELECT r.id FROM (SELECT id, pipeline_id, started_at FROM runs ORDER BY started_at DESC, id"
                + " LIMIT ?) r JOIN pipelines p ON p.id = r.pipeline_id WHERE p.name = ? ORDER BY r.started_at DESC, r.id LIMIT ?",
                new Object[] {RECENT_RUNS, pipelineName, runs}, rs -> ids.add(rs.getString(1)));
        if (ids.size() == runs) return ids; // any other run of the name is older than these
        List<String> definitions = new ArrayList<>();
        StepRunReader.query(c, "SELECT id FROM pipelines WHERE name = ? LIMIT ?", new Object[] {pipelineName, MAX_DEFINITIONS + 1},
                rs -> definitions.add(rs.getString(1)));
        if (definitions.isEmpty()) return List.of();
        if (definitions.size() <= MAX_DEFINITIONS) {
            record Started(String id, long at) {}
            List<Started> found = new ArrayList<>();
            for (String definition : definitions) {
                StepRunReader.query(c, "SELECT id, started_at FROM runs WHERE pipeline_id = ? ORDER BY started_at DESC, id LIMIT ?",
                        new Object[] {definition, runs}, rs -> found.add(new Started(rs.getString(1), rs.getLong(2))));
            }
            found.sort(java.util.Comparator.comparingLong(Started::at).reversed().thenComparing(Started::id));
            return found.stream().limit(runs).map(Started::id).toList();
        }
        List<String> scanned = new ArrayList<>();
        StepRunReader.query(c, "SELECT r.id FROM runs r JOIN pipelines p ON p.id = r.pipeline_id WHERE p.name = ?"
                + " ORDER BY r.started_at DESC, r.id LIMIT ?", new Object[] {pipelineName, runs}, rs -> scanned.add(rs.getString(1)));
        return scanned;
    }

    @Override
    public Optional<StepRunRow> stepRun(String runId, String step) {
        return database.read(c -> StepRunReader.read(c, STEP_OF_RUN, "ORDER BY s.attempt DESC, s.started_at DESC LIMIT 1",
                runId, step).stream().findFirst());
    }

    @Override
    public Optional<byte[]> artifactContent(String artifactId) {
        return database.read(c -> {
            try (var s = c.prepareStatement("SELECT content FROM artifact_content WHERE artifact_id = ?")) {
                s.setString(1, artifactId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public Optional<java.util.Set<String>> succeededCacheKeys(int limit) {
        return database.read(c -> {
            try (var s = c.prepareStatement("SELECT DISTINCT cache_key FROM step_runs"
                    + " WHERE cache_key IS NOT NULL AND state = 'succeeded' LIMIT ?")) {
                s.setInt(1, limit + 1);
                java.util.Set<String> keys = new java.util.HashSet<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) keys.add(rs.getString(1));
                }
                return keys.size() > limit ? Optional.<java.util.Set<String>>empty() : Optional.of(keys);
            }
        });
    }

    @Override
    public Optional<StepRunRow> latestSucceeded(String cacheKey) {
        return database.read(c -> StepRunReader.read(c, "s.cache_key = ? AND s.state = 'succeeded'",
                "ORDER BY s.ended_at DESC, s.started_at DESC, s.id DESC LIMIT 1", cacheKey).stream().findFirst());
    }

    /**
     * A step's earlier runs in the pipelines of a name, newest first: by {@code step_runs_step (step, started_at)}
     * (core migration 011), back from the time until the first of the pipeline's name, not a scan of every step run.
     */
    static final String EARLIER_STEP_RUNS = "SELECT s.id FROM step_runs s JOIN runs r ON r.id = s.run_id"
            + " JOIN pipelines p ON p.id = r.pipeline_id WHERE p.name = ? AND s.step = ?"
            + " AND s.cache_key IS NOT NULL AND s.started_at < ? ORDER BY s.started_at DESC, s.id DESC LIMIT ?";
    /**
     * A run's step runs of one name. {@code s.step || ''} keeps SQLite (no statistics) on the run's index
     * {@code step_runs_run}: by {@code step_runs_step} it would walk every run's step runs of that name.
     */
    static final String STEP_OF_RUN = "s.run_id = ? AND s.step || '' = ?";

    @Override
    public List<StepRunRow> earlierStepRuns(String pipelineName, String step, Instant before, int limit) {
        return database.read(c -> {
            List<String> ids = new ArrayList<>();
            StepRunReader.query(c, EARLIER_STEP_RUNS, new Object[] {pipelineName, step, before.toEpochMilli(), limit},
                    rs -> ids.add(rs.getString(1)));
            List<StepRunRow> rows = new ArrayList<>(StepRunReader.byIds(c, ids));
            rows.sort(java.util.Comparator.comparing(StepRunRow::started).thenComparing(StepRunRow::id).reversed());
            return rows;
        });
    }

    @Override
    public List<ArtifactRow> artifacts(int limit) {
        return database.read(c -> artifactRows(c, ARTIFACT_COLUMNS + " ORDER BY created_at DESC, id LIMIT ?", limit));
    }

    @Override
    public Optional<ArtifactRow> artifact(String idOrPrefix) {
        String wanted = IdPrefix.artifact(idOrPrefix);
        return database.read(c -> byIdOrPrefix("artifact", idOrPrefix, wanted, ARTIFACT_COLUMNS, "id",
                (sql, arg) -> artifactRows(c, sql, arg), ArtifactRow::id));
    }

    @Override
    public Optional<RunTrigger> trigger(String runId) {
        return database.read(c -> {
            List<RunTrigger> rows = new ArrayList<>();
            StepRunReader.query(c, "SELECT kind, artifact_id, detail FROM run_triggers WHERE run_id = ?", new Object[] {runId},
                    rs -> rows.add(new RunTrigger(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getString(3))));
            return rows.stream().findFirst();
        });
    }

    @Override
    public List<SweepRow> sweeps(String runId) {
        return database.read(c -> {
            List<SweepRow> rows = new ArrayList<>();
            StepRunReader.query(c, "SELECT step, method, metric, goal, trials, seed, params FROM run_sweeps WHERE run_id = ?"
                    + " ORDER BY step", new Object[] {runId}, rs -> rows.add(new SweepRow(runId, rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getLong(6),
                    SweepRow.parseParams(rs.getString(7)))));
            return rows;
        });
    }

    @Override
    public java.util.Map<String, String> finalSteps(String runId) {
        return database.read(c -> {
            java.util.Map<String, String> rows = new java.util.LinkedHashMap<>();
            StepRunReader.query(c, "SELECT step, phase FROM run_final_steps WHERE run_id = ? ORDER BY step",
                    new Object[] {runId}, rs -> rows.put(rs.getString(1), rs.getString(2)));
            return rows;
        });
    }

    @Override
    public List<String> runsTriggeredBy(String artifactId) {
        return database.read(c -> {
            List<String> ids = new ArrayList<>();
            StepRunReader.query(c, "SELECT t.run_id FROM run_triggers t JOIN runs r ON r.id = t.run_id"
                    + " WHERE t.artifact_id = ? ORDER BY r.started_at, r.id", new Object[] {artifactId}, rs -> ids.add(rs.getString(1)));
            return ids;
        });
    }

    /** Rows of one table by an SQL statement of one parameter. */
    private interface Rows<T> {
        List<T> read(String sql, Object arg) throws SQLException;
    }

    /**
     * The {@code noun} whose id ({@code idColumn}) is {@code id}, else the only one whose id starts with it; an
     * ambiguous prefix throws, naming a few of the ids it matches ({@code given} is what the user typed).
     */
    private static <T> Optional<T> byIdOrPrefix(String noun, String given, String id, String columns, String idColumn,
                                                Rows<T> rows, java.util.function.Function<T, String> idOf) throws SQLException {
        List<T> exact = rows.read(columns + " WHERE " + idColumn + " = ?", id);
        if (!exact.isEmpty()) return Optional.of(exact.getFirst());
        List<T> matches = rows.read(columns + " WHERE " + idColumn + " LIKE ? ESCAPE '!' ORDER BY " + idColumn
                + " LIMIT " + MAX_CANDIDATES, likePrefix(id));
        return unique(noun, given, matches.stream().map(idOf).toList(), matches);
    }

    private static <T> Optional<T> unique(String noun, String prefix, List<String> ids, List<T> matches) {
        if (matches.size() <= 1) return matches.stream().findFirst();
        String more = matches.size() >= MAX_CANDIDATES ? ", ..." : "";
        throw new BadIdException("The " + noun + " id prefix '" + prefix + "' is ambiguous: it matches "
                + String.join(", ", ids) + more + ". Give more characters of the id.");
    }

    /** A LIKE pattern matching ids that start with the prefix; {@code !} escapes LIKE's wildcards. */
    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private List<RunRow> runRows(Connection c, String sql, Object... args) throws SQLException {
        List<RunRow> rows = new ArrayList<>();
        Instant now = Instant.now();
        StepRunReader.query(c, sql, args, rs -> rows.add(liveness.resolve(runRow(rs), now)));
        return rows;
    }

    private static RunRow runRow(ResultSet rs) throws SQLException {
        return new RunRow(rs.getString(1), rs.getString(2), rs.getString(3), RunStatus.ofLabel(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)), optionalInstant(rs, 6), rs.getString(7),
                Optional.ofNullable(rs.getString(8)), rs.getString(9), rs.getLong(10), optionalInstant(rs, 11));
    }

    private static List<ArtifactRow> artifactRows(Connection c, String sql, Object... args) throws SQLException {
        List<ArtifactRow> rows = new ArrayList<>();
        StepRunReader.query(c, sql, args, rs -> rows.add(new ArtifactRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5)))));
        return rows;
    }

    static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
