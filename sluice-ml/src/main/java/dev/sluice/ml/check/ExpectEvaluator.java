package dev.sluice.ml.check;

import dev.sluice.ml.table.ColumnType;
import dev.sluice.ml.table.DuckSession;
import dev.sluice.ml.table.Schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Evaluates expectations with SQL over the view {@code t}, which holds the table plus its 1-based
 * row number {@code sluice_row}. One instance per step run; not thread-safe.
 */
final class ExpectEvaluator {
    static final String ROW = "sluice_row";
    private static final int EXAMPLES = 5;

    private final DuckSession db;
    private final Schema schema;
    private final long rows;

    ExpectEvaluator(DuckSession db, Schema schema, long rows) {
        this.db = db;
        this.schema = schema;
        this.rows = rows;
    }

    Outcome rows(Expectation.Rows r) {
        boolean ok = (r.min() < 0 || rows >= r.min()) && (r.max() < 0 || rows <= r.max());
        return new Outcome("", r.label(), ok, rows + " rows", 0, List.of());
    }

    /** A failed outcome for a column the table does not have, naming those it has. */
    Outcome missing(String column) {
        String hint = schema.closest(column).map(c -> " (did you mean '" + c + "'?)").orElse("");
        String observed = "no such column" + hint + "; the table has: " + String.join(", ", schema.names());
        return new Outcome(column, Outcome.PRESENT, false, observed, rows, List.of());
    }

    Outcome evaluate(String column, Expectation e) throws SQLException {
        Schema.Field field = schema.find(column).orElseThrow();
        String c = DuckSession.ident(column);
        boolean numeric = field.type().isNumeric();
        return switch (e) {
            case Expectation.Type t -> typeOutcome(column, t, field);
            case Expectation.Nulls n -> nulls(column, n, c);
            case Expectation.Min m when numeric ->
                    withFailures(column, e, c + " < " + m.min(), show(scalar("min(" + c + ")" + notNan(field, c))));
            case Expectation.Max m when numeric ->
                    withFailures(column, e, c + " > " + m.max() + nanGuard(field, c), show(scalar("max(" + c + ")" + notNan(field, c))));
            case Expectation.Min m -> notNumeric(column, e, field);
            case Expectation.Max m -> notNumeric(column, e, field);
            case Expectation.In in -> in(column, in, c, numeric);
            case Expectation.Unique u -> unique(column, u, c);
            case Expectation.Regex r -> withFailures(column, e, c + " IS NOT NULL AND NOT regexp_full_match(CAST(" + c + " AS VARCHAR), "
                    + DuckSession.literal(r.pattern()) + ")", null);
            case Expectation.Finite f when field.type() == ColumnType.DOUBLE -> withFailures(column, e, "isnan(" + c + ") OR isinf(" + c + ")", null);
            case Expectation.Finite f when field.type() == ColumnType.LONG -> new Outcome(column, e.label(), true, "integers", 0, List.of());
            case Expectation.Finite f -> notNumeric(column, e, field);
            case Expectation.Rows r -> rows(r);
        };
    }

    private Outcome typeOutcome(String column, Expectation.Type t, Schema.Field field) {
        String actual = switch (field.type()) {
            case LONG -> "int";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BOOL -> "bool";
        };
        boolean ok = actual.equals(t.type()) || (t.type().equals("double") && field.type() == ColumnType.LONG);
        String observed = actual + (field.sqlType().equalsIgnoreCase(actual) ? "" : " (" + field.sqlType() + ")");
        return new Outcome(column, t.label(), ok, observed, ok ? 0 : rows, List.of());
    }

    private Outcome nulls(String column, Expectation.Nulls n, String c) throws SQLException {
        long count = (long) scalar("count(*) FILTER (WHERE " + c + " IS NULL)");
        boolean ok = n.isFraction() ? count <= n.limit() * rows : count <= n.limit();
        String observed = count + (n.isFraction() && rows > 0 ? String.format(java.util.Locale.ROOT, " (%.4f)", (double) count / rows) : "");
        return new Outcome(column, n.label(), ok, observed, ok ? 0 : count, ok ? List.of() : examples(c, c + " IS NULL"));
    }

    private Outcome in(String column, Expectation.In in, String c, boolean numeric) throws SQLException {
        boolean allNumbers = numeric && in.values().stream().allMatch(v -> v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?"));
        String list = allNumbers ? String.join(", ", in.values())
                : in.values().stream().map(DuckSession::literal).collect(Collectors.joining(", "));
        String subject = allNumbers ? c : "CAST(" + c + " AS VARCHAR)";
        String pred = c + " IS NOT NULL AND " + subject + " NOT IN (" + list + ")";
        List<String> bad = db.queryStrings("SELECT DISTINCT CAST(" + c + " AS VARCHAR) AS v FROM t WHERE " + pred + " ORDER BY v LIMIT " + EXAMPLES);
        return withFailures(column, in, pred, bad.isEmpty() ? "only allowed values" : "other values " + bad);
    }

    private Outcome unique(String column, Expectation.Unique u, String c) throws SQLException {
        String pred = c + " IN (SELECT " + c + " FROM t WHERE " + c + " IS NOT NULL GROUP BY " + c + " HAVING count(*) > 1)";
        long dupValues = db.queryLong("SELECT count(*) FROM (SELECT " + c + " FROM t WHERE " + c + " IS NOT NULL GROUP BY " + c + " HAVING count(*) > 1)");
        return withFailures(column, u, pred, dupValues + " repeated values");
    }

    private Outcome notNumeric(String column, Expectation e, Schema.Field field) {
        return new Outcome(column, e.label(), false, "a " + field.type().label() + " column (" + field.sqlType() + "), not numeric", rows, List.of());
    }

    /** Counts rows matching {@code failing}; {@code observed} null means "N rows". */
    private Outcome withFailures(String column, Expectation e, String failing, String observed) throws SQLException {
        long count = db.queryLong("SELECT count(*) FROM t WHERE " + failing);
        String obs = observed != null ? observed : count + (count == 1 ? " failing row" : " failing rows");
        return new Outcome(column, e.label(), count == 0, obs, count, count == 0 ? List.of() : examples(DuckSession.ident(column), failing));
    }

    private List<Outcome.Example> examples(String c, String failing) throws SQLException {
        List<Outcome.Example> out = new ArrayList<>();
        String sql = "SELECT " + ROW + ", CAST(" + c + " AS VARCHAR) FROM t WHERE " + failing + " ORDER BY " + ROW + " LIMIT " + EXAMPLES;
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(new Outcome.Example(rs.getLong(1), rs.getString(2)));
        }
        return out;
    }

    private double scalar(String aggregate) throws SQLException {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT CAST(" + aggregate + " AS DOUBLE) FROM t")) {
            rs.next();
            double v = rs.getDouble(1);
            return rs.wasNull() ? Double.NaN : v;
        }
    }

    private static String notNan(Schema.Field field, String c) {
        return field.type() == ColumnType.DOUBLE ? " FILTER (WHERE NOT isnan(" + c + "))" : "";
    }

    private static String nanGuard(Schema.Field field, String c) {
        return field.type() == ColumnType.DOUBLE ? " AND NOT isnan(" + c + ")" : "";
    }

    private static String show(double d) {
        return Double.isNaN(d) ? "no values" : Expectation.number(d);
    }
}
