package dev.sluice.meta;

import dev.sluice.api.Check;
import dev.sluice.api.CheckResult;
import dev.sluice.api.StepStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads step runs with their params, metrics, checks and outputs: one query for the step runs and one
 * per detail table, whatever the number of step runs. Stateless; thread-safe.
 */
final class StepRunReader {
    private static final String COLUMNS = "s.id, s.run_id, s.step, s.base_step, s.state, s.attempt, s.started_at,"
            + " s.ended_at, s.exit_code, s.error, s.log_location, s.cache_key, s.cache_key_parts_json, s.cache_source";

    /** The step runs matching a condition on {@code s} (step_runs), ordered, with all their details. */
    static List<StepRunRow> read(Connection c, String where, String orderAndLimit, Object... args) throws SQLException {
        Map<String, Object[]> bases = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM step_runs s WHERE " + where
                + " " + orderAndLimit)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) bases.put(rs.getString(1), baseColumns(rs));
            }
        }
        if (bases.isEmpty()) return List.of();
        Details details = details(c, where, args);
        List<StepRunRow> rows = new ArrayList<>(bases.size());
        for (Object[] b : bases.values()) rows.add(toRow(b, details));
        return rows;
    }

    /** The step runs with the given ids (any order). */
    static List<StepRunRow> byIds(Connection c, List<String> ids) throws SQLException {
        List<StepRunRow> rows = new ArrayList<>();
        for (String id : ids) rows.addAll(read(c, "s.id = ?", "", id));
        return rows;
    }

    private record Details(Map<String, Map<String, String>> params, Map<String, Map<String, Double>> metrics,
                           Map<String, List<CheckResult>> checks, Map<String, List<OutputRow>> outputs) {}

    private static Details details(Connection c, String where, Object[] args) throws SQLException {
        String join = " JOIN step_runs s ON s.id = d.step_run_id WHERE " + where;
        Map<String, Map<String, String>> params = new HashMap<>();
        Map<String, Map<String, Double>> metrics = new HashMap<>();
        Map<String, List<CheckResult>> checks = new HashMap<>();
        Map<String, List<OutputRow>> outputs = new HashMap<>();
        query(c, "SELECT d.step_run_id, d.name, d.value_json FROM step_params d" + join, args, rs ->
                params.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3)));
        query(c, "SELECT d.step_run_id, d.name, d.value FROM metrics d" + join, args, rs ->
                metrics.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getDouble(3)));
        query(c, "SELECT d.step_run_id, d.name, d.passed, d.observed, d.expected, d.observed_text, d.details, d.severity"
                + " FROM check_results d" + join + " ORDER BY d.pos, d.name", args,
                rs -> checks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new CheckResult(rs.getString(2),
                        rs.getBoolean(3), optionalDouble(rs, 4), rs.getString(5), Optional.ofNullable(rs.getString(6)),
                        rs.getString(7), Check.Severity.valueOf(rs.getString(8).toUpperCase(java.util.Locale.ROOT)))));
        query(c, "SELECT d.step_run_id, d.port, d.pos, d.artifact_id FROM step_outputs d" + join
                + " ORDER BY d.port, d.pos", args, rs -> outputs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new OutputRow(rs.getString(2), rs.getInt(3), rs.getString(4))));
        return new Details(params, metrics, checks, outputs);
    }

    @FunctionalInterface
    interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    static void query(Connection c, String sql, Object[] args, RowHandler handler) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) handler.handle(rs);
            }
        }
    }

    static void bind(PreparedStatement p, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Integer n) p.setInt(i + 1, n);
            else if (args[i] instanceof Long n) p.setLong(i + 1, n);
            else p.setString(i + 1, (String) args[i]);
        }
    }

    private static Object[] baseColumns(ResultSet rs) throws SQLException {
        Object[] b = new Object[14];
        for (int i = 0; i < b.length; i++) b[i] = rs.getObject(i + 1);
        return b;
    }

    private static StepRunRow toRow(Object[] b, Details d) {
        String id = (String) b[0];
        return new StepRunRow(id, (String) b[1], (String) b[2], (String) b[3], StepStatus.ofLabel((String) b[4]),
                ((Number) b[5]).intValue(), Instant.ofEpochMilli(((Number) b[6]).longValue()),
                Optional.ofNullable((Number) b[7]).map(n -> Instant.ofEpochMilli(n.longValue())),
                Optional.ofNullable((Number) b[8]).map(Number::intValue),
                Optional.ofNullable((String) b[9]), Optional.ofNullable((String) b[10]),
                Optional.ofNullable((String) b[11]), (String) b[12], Optional.ofNullable((String) b[13]),
                d.params().getOrDefault(id, Map.of()), d.metrics().getOrDefault(id, Map.of()),
                d.checks().getOrDefault(id, List.of()), d.outputs().getOrDefault(id, List.of()));
    }

    static Optional<Double> optionalDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private StepRunReader() {}
}
